using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Help;
using CareSlot.Web.Features.Schedules;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CareSlot.Web.Platform.Data;

/// <summary>Fictional demo data for Development and tests. Each part is idempotent: running it twice changes nothing.</summary>
public sealed partial class DemoSeed(CareSlotDb db, UserManager<Account> users, IClock clock, IHostEnvironment environment, ILogger<DemoSeed> logger)
{
    public async Task ApplyAsync(CancellationToken ct)
    {
        var added = await DirectoryDemoData.ApplyAsync(db, ct);
        added += await ScheduleDemoData.ApplyAsync(db, ct);
        if (environment.IsDevelopment())
        {
            added += await DemoAccounts.ApplyAsync(users, clock);
            added += await DemoAccounts.LinkDemoDoctorAsync(db, users, ct);
            added += await FaqDemoData.ApplyAsync(db, clock, ct);
        }
        if (added > 0) LogSeeded(added);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seed added {Count} rows")]
    private partial void LogSeeded(int count);
}
