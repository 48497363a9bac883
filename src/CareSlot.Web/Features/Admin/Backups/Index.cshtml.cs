using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Operations;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Platform.Security.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CareSlot.Web.Features.Admin.Backups;

/// <summary>
/// The backups at a glance: when the last good one was made and whether that is older than the schedule allows, every
/// recent run with its size and result, and "Back up now".
/// </summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(DatabaseBackups backups, IBackupStatus status, IOptions<BackupOptions> options, AuditTrail audit,
    IStringLocalizer<AdminText> text) : PageModel
{
    public const int ListLength = 50;

    public IReadOnlyList<BackupRun> Runs { get; private set; } = [];
    public BackupFreshness Freshness { get; private set; } = null!;
    public BackupOptions Settings => options.Value;
    public DateTimeOffset? NextScheduled { get; private set; }
    public bool Overdue => Freshness.IsOverdue;
    public string Folder => backups.Folder;

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Runs = await backups.RecentAsync(ListLength, ct);
        Freshness = await status.FreshnessAsync(ct);
        if (Settings.Scheduled) NextScheduled = Settings.Cron().GetNextOccurrence(Freshness.Now.ToDateTimeOffset(), Settings.Zone());
    }

    /// <summary>Backs up while the administrator waits: the page answers when the file is written (or the run failed).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var result = await backups.BackUpAsync(null, BackupTrigger.Manual, null, ct);
            await audit.RecordAsync(new AuditEvent(AuditActions.BackupCreated, AuditOutcome.Allowed, Record: $"backup {Path.GetFileName(result.Path)}"), ct);
            Message = text["Backup written: {0}.", Path.GetFileName(result.Path)];
        }
        catch (Exception failure) when (failure is InvalidOperationException or IOException or UnauthorizedAccessException or BackupRefusedException)
        {
            Message = text["The backup failed: {0}", failure.Message];
            Failed = true;
        }
        return RedirectToPage();
    }

    public string TriggerName(BackupTrigger trigger) => trigger switch
    {
        BackupTrigger.Command => text["Command"],
        BackupTrigger.Manual => text["Back up now"],
        _ => text["Schedule"],
    };

    public static string Size(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 * 1024 => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{bytes / 1024.0:N1} KB"),
        _ => string.Create(System.Globalization.CultureInfo.CurrentCulture, $"{bytes / (1024.0 * 1024):N1} MB"),
    };
}
