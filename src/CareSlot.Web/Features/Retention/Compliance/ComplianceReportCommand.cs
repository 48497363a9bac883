using CareSlot.Web.Platform.Data;

namespace CareSlot.Web.Features.Retention.Compliance;

/// <summary>
/// `compliance-report`: today's state, one line per registered <see cref="IComplianceCheck"/> ("OK", "WARN" or "FAIL", the
/// item, its value). Exit 1 when any item fails (a check that throws fails), 0 otherwise, 2 on a usage error.
/// </summary>
public static class ComplianceReportCommand
{
    public const string Verb = "compliance-report";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length > 1)
        {
            await error.WriteLineAsync($"Usage: {Verb}   (it takes no options)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var items = await RunChecksAsync(scope.ServiceProvider, ct);
        var width = items.Count == 0 ? 0 : items.Max(i => i.Name.Length);
        foreach (var item in items)
        {
            await output.WriteLineAsync($"{Label(item.Status),-4}  {item.Name.PadRight(width)}  {item.Detail}");
        }
        var failed = items.Count(i => i.Status == ComplianceStatus.Fail);
        await output.WriteLineAsync(failed == 0 ? "Compliance report: no item fails." : $"Compliance report: {failed} item(s) FAIL.");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Every registered check in order; one that throws is a FAIL naming the exception's type (its message may hold data).</summary>
    public static async Task<IReadOnlyList<ComplianceItem>> RunChecksAsync(IServiceProvider services, CancellationToken ct)
    {
        var items = new List<ComplianceItem>();
        foreach (var check in services.GetServices<IComplianceCheck>())
        {
            try
            {
                items.Add(await check.CheckAsync(ct));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                items.Add(new(check.GetType().Name, ComplianceStatus.Fail, $"the check itself failed ({exception.GetType().Name})"));
            }
        }
        return items;
    }

    public static string Label(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Ok => "OK",
        ComplianceStatus.Warn => "WARN",
        _ => "FAIL",
    };
}
