using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.Web.Tests.Platform.Security.Audit;

public static class AuditTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The last row's id (0 for an empty trail): what a test's own rows come after.</summary>
    public static Task<long> AuditHeadAsync(this CareSlotApp app) =>
        app.WithDbAsync(async db => await db.AuditTrail.Select(e => (long?)e.Id).MaxAsync(Ct) ?? 0);

    /// <summary>The rows written after <paramref name="after"/> (an id), in the order they were written.</summary>
    public static Task<List<AuditEntry>> AuditRowsAfterAsync(this CareSlotApp app, long after) =>
        app.WithDbAsync(db => db.AuditTrail.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).ToListAsync(Ct));

    /// <summary>Appends through the app's own service, as a feature's use case would, outside any request.</summary>
    public static async Task RecordAuditAsync(this CareSlotApp app, AuditEvent auditEvent)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(auditEvent, Ct);
    }

    /// <summary>`verify-audit` as the command runs it: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> VerifyAuditAsync(this CareSlotApp app, params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await AuditCommand.RunAsync(app.Services, [AuditCommand.Verb, .. args], output, error);
        return (exitCode, output.ToString() + error);
    }

    /// <summary>Runs raw SQL against the app's database (tampering, as someone with database access would).</summary>
    public static Task<int> ExecuteAsync(this CareSlotApp app, FormattableString sql) =>
        app.WithDbAsync(db => db.Database.ExecuteSqlAsync(sql, Ct));

    public static Task<AuditEntry> AuditRowAsync(this CareSlotApp app, long id) =>
        app.WithDbAsync(db => db.AuditTrail.AsNoTracking().SingleAsync(e => e.Id == id, Ct));

    /// <summary>The row before <paramref name="row"/> in its lane, if any.</summary>
    public static Task<AuditEntry?> PreviousInLaneAsync(this CareSlotApp app, AuditEntry row) =>
        app.WithDbAsync(db => db.AuditTrail.AsNoTracking().SingleOrDefaultAsync(e => e.Lane == row.Lane && e.Sequence == row.Sequence - 1, Ct));

    /// <summary>Puts back a row exactly as it was (after a test deleted it).</summary>
    public static Task<int> RestoreAuditRowAsync(this CareSlotApp app, AuditEntry row) =>
        app.WithDbAsync(db =>
        {
            db.AuditTrail.Add(row);
            return db.SaveChangesAsync(Ct);
        });
}
