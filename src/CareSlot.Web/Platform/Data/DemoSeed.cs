using CareSlot.Web.Features.Doctors;

namespace CareSlot.Web.Platform.Data;

/// <summary>Fictional demo data for Development and tests. Each part is idempotent: running it twice changes nothing.</summary>
public sealed partial class DemoSeed(CareSlotDb db, ILogger<DemoSeed> logger)
{
    public async Task ApplyAsync(CancellationToken ct)
    {
        var added = await DirectoryDemoData.ApplyAsync(db, ct);
        if (added > 0) LogSeeded(added);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo seed added {Count} directory rows")]
    private partial void LogSeeded(int count);
}
