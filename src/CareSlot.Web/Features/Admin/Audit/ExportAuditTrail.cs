using System.Globalization;
using System.Text;
using CareSlot.Web.Platform.Security.Audit;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Admin.Audit;

/// <summary>
/// The rows a filter matches as CSV (RFC 4180: comma-separated, CRLF, quoted where needed; UTF-8 with a byte order
/// mark, so spreadsheet programs read names right), newest first, streamed in keyset batches whatever the trail's size.
/// The export is itself an audit event (<see cref="AuditActions.AuditExported"/>) naming the filter, written before the
/// first row leaves. Column names are fixed English identifiers: the file is data for tools, not a page.
/// </summary>
public sealed class ExportAuditTrail(AuditQuery query, AuditTrail trail, IClock clock)
{
    public const string ContentType = "text/csv; charset=utf-8";

    private const int BatchSize = 1_000;

    public static readonly IReadOnlyList<string> Columns =
        ["id", "at", "actor_id", "actor_name", "actor_email", "actor_role", "action", "outcome", "patient_id", "patient_name", "record", "client_address"];

    private static readonly InstantPattern AtPattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss.ffffff'Z'");

    private static readonly InstantPattern FileTime = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss'Z'");

    public string FileName() => $"careslot-audit-{FileTime.Format(clock.GetCurrentInstant())}.csv";

    public async Task WriteAsync(AuditFilter filter, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await trail.RecordAsync(new AuditEvent(AuditActions.AuditExported, AuditOutcome.Allowed, Record: filter.Describe()), ct);

        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(Columns));
        var written = 0;
        await foreach (var row in query.AllAsync(filter, BatchSize, ct))
        {
            await writer.WriteAsync(Line(Cells(row)));
            if (++written % BatchSize == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    private static string?[] Cells(AuditRow row) =>
    [
        row.Id.ToString(CultureInfo.InvariantCulture), AtPattern.Format(row.At), row.ActorId?.ToString(), row.ActorName, row.ActorEmail, row.ActorRole,
        row.Action, row.Outcome.ToString(), row.PatientId?.ToString(), row.PatientName, row.Record, row.ClientAddress,
    ];

    /// <summary>One record, CRLF-terminated (RFC 4180).</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>
    /// A field as RFC 4180 writes it, made safe for spreadsheets first: text that starts like a formula (= + - @, a tab
    /// or a carriage return) gets a leading apostrophe, so a name such as "=HYPERLINK(…)" is shown, never evaluated.
    /// </summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
