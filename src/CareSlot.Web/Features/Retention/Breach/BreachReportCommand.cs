using System.Globalization;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Audit;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Retention.Breach;

/// <summary>
/// `breach-report --from T --to T --kind KIND [--actor ACCOUNT] [--format table|csv]`: the people whose data of KIND the
/// audit trail shows was touched from T (inclusive) to T (exclusive), UTC, one line each with their account id, e-mail, name
/// and count of accesses. Exit 0 (also with nobody found), 2 on a usage error. The run is itself audited.
/// </summary>
public static class BreachReportCommand
{
    public const string Verb = "breach-report";

    private static readonly string Usage =
        $"Usage: {Verb} --from TIME --to TIME --kind {string.Join('|', BreachReport.Kinds.Keys)} [--actor ACCOUNT-ID] [--format table|csv]" +
        "   (TIME: 2026-11-24 or 2026-11-24T09:30:00Z, UTC; --from inclusive, --to exclusive)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var request = Parse(args);
        if (request is null || request.Problem is not null)
        {
            await error.WriteLineAsync(request?.Problem is { } problem ? $"{problem}{Environment.NewLine}{Usage}" : Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var people = await scope.ServiceProvider.GetRequiredService<BreachReport>().FindAsync(request.From, request.To, request.Kind, request.Actor, ct);
        // Listing who was touched is itself a read of personal data: it is recorded like the audit export.
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(new AuditEvent(AuditActions.BreachReported, AuditOutcome.Allowed,
            Record: $"{Format(request.From)}..{Format(request.To)} {request.Kind}", ActorRole: AuditTrail.SystemRole), ct);

        if (request.Csv)
        {
            await output.WriteLineAsync("account_id,email,name,accesses,first_at,last_at");
            foreach (var p in people)
            {
                await output.WriteLineAsync(string.Join(',', p.AccountId.ToString(), Csv(p.Email), Csv(p.Name),
                    p.Accesses.ToString(CultureInfo.InvariantCulture), Format(p.FirstAt), Format(p.LastAt)));
            }
            return 0;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{people.Count} people, {request.Kind}, {Format(request.From)} to {Format(request.To)} (UTC){(request.Actor is { } a ? $", by account {a}" : "")}:"));
        foreach (var p in people)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {p.AccountId}  {p.Accesses,6} accesses  {Format(p.FirstAt)} .. {Format(p.LastAt)}  {Printable(p.Email) ?? "(account gone)"}  {Printable(p.Name)}"));
        }
        return 0;
    }

    private sealed record Request(Instant From, Instant To, string Kind, Guid? Actor, bool Csv, string? Problem);

    private static Request? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is not ("--from" or "--to" or "--kind" or "--actor" or "--format") || i + 1 >= args.Length) return new(default, default, "", null, false, $"Unknown or incomplete option '{Printable(args[i])}'.");
            values[args[i]] = args[++i];
        }
        if (!values.TryGetValue("--from", out var fromText) || !values.TryGetValue("--to", out var toText) || !values.TryGetValue("--kind", out var kind)) return null;
        if (ParseTime(fromText) is not { } from) return Problem($"--from: '{Printable(fromText)}' is not a date or UTC time.");
        if (ParseTime(toText) is not { } to) return Problem($"--to: '{Printable(toText)}' is not a date or UTC time.");
        if (to <= from) return Problem("--to must be after --from.");
        if (!BreachReport.Kinds.ContainsKey(kind)) return Problem($"--kind: '{Printable(kind)}' is not one of {string.Join(", ", BreachReport.Kinds.Keys)}.");
        Guid? actor = null;
        if (values.TryGetValue("--actor", out var actorText))
        {
            if (!Guid.TryParse(actorText, out var actorId)) return Problem($"--actor: '{Printable(actorText)}' is not an account id.");
            actor = actorId;
        }
        var format = values.GetValueOrDefault("--format", "table");
        if (format is not ("table" or "csv")) return Problem($"--format: '{Printable(format)}' is not table or csv.");
        return new(from, to, kind, actor, format == "csv", null);

        static Request Problem(string text) => new(default, default, "", null, false, text);
    }

    /// <summary>"2026-11-24" (midnight UTC) or an ISO instant "2026-11-24T09:30:00Z".</summary>
    private static Instant? ParseTime(string text)
    {
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } date) return date.Value.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        return InstantPattern.ExtendedIso.Parse(text) is { Success: true } instant ? instant.Value : null;
    }

    private static string Format(Instant at) => InstantPattern.General.Format(at);

    /// <summary>An operator's input or a stored name echoed to a terminal: control characters (escape sequences) shown as '?'.</summary>
    private static string? Printable(string? text) => text is null ? null : new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>A CSV field, quoted; a leading = + - @ is defused so a spreadsheet does not run it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + Printable(value)!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
