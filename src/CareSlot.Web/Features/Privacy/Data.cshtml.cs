using CareSlot.Web.Features.Consents;
using Microsoft.Extensions.Localization;
using System.Text.Json;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using NodaTime;
using NodaTime.Text;

namespace CareSlot.Web.Features.Privacy;

/// <summary>
/// "Your data" (GDPR Art. 15): everything CareSlot holds about the signed-in person, readable and printable, a heading per
/// section; the same as the JSON download (Art. 20), with where to correct each part (Art. 16) and the way to erasure.
/// </summary>
[Authorize]
[EnableRateLimiting(PrivacyRegistration.ExportLimit)]
public sealed class DataModel(PersonalDataExport export, IStringLocalizer<PrivacyText> text) : PageModel
{
    public PersonalData Data { get; private set; } = null!;

    /// <summary>The zone of the clinic of the latest appointment, the one the person knows; UTC for one who has none.</summary>
    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;

    public bool IsPatient => User.IsInRole(Roles.Patient);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await export.ForAsync(User, ct) is not { } data) return Forbid();
        Data = data;
        if (data.Appointments.Count > 0 && DateTimeZoneProviders.Tzdb.GetZoneOrNull(data.Appointments[^1].TimeZone) is { } zone) Zone = zone;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>
    /// A word the export keeps in its own, language-neutral form (a role, a status, who changed an appointment, a request's
    /// category), in the reader's language; anything unknown as it is.
    /// </summary>
    public string Term(string value) => value switch
    {
        "Patient" => text["Patient"],
        "Doctor" => text["Doctor"],
        "Admin" => text["Administrator"],
        "Support" => text["Support agent"],
        "Requested" => text["Requested"],
        "Confirmed" => text["Confirmed"],
        "Completed" => text["Completed"],
        "NoShow" => text["Did not come"],
        "Cancelled" => text["Cancelled"],
        "you" => text["You"],
        "patient" => text["the patient"],
        "doctor" => text["the doctor"],
        "admin" => text["the clinic"],
        "system" => text["CareSlot"],
        "support" => text["CareSlot support"],
        "Pending" => text["Awaiting moderation"],
        "Approved" => text["Published"],
        "Rejected" => text["Not published"],
        "Withdrawn" => text["Taken back by you"],
        "New" => text["New"],
        "Open" => text["Open"],
        "WaitingForRequester" => text["Waiting for your answer"],
        "Solved" => text["Solved"],
        "Closed" => text["Closed"],
        "Booking" => text["Booking"],
        "Account" => text["Account"],
        "Technical" => text["Technical problem"],
        "Billing" => text["Billing"],
        "Other" => text["Other"],
        _ => value,
    };

    /// <summary>A consent's purpose as the export names it (ConsentPurpose), in the reader's language.</summary>
    public string PurposeName(string purpose) => purpose switch
    {
        nameof(ConsentPurpose.SmsReminders) => text["Reminders by SMS"],
        nameof(ConsentPurpose.Surveys) => text["Surveys about visits"],
        nameof(ConsentPurpose.ChatTranscripts) => text["Keeping live chat transcripts"],
        _ => purpose,
    };

    /// <summary>An exported instant as the site shows times: day, clock and zone.</summary>
    public string When(string? iso, string? zoneId = null)
    {
        if (iso is null || InstantPattern.ExtendedIso.Parse(iso) is not { Success: true } parsed) return "—";
        var zone = zoneId is null ? Zone : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) ?? Zone;
        return ClinicTime.ShortDayAndClock(parsed.Value.InZone(zone));
    }

    /// <summary>The medical history's entries as the records export writes them (see PatientRecords.ExportAsync).</summary>
    public IEnumerable<JsonElement> HistoryEntries =>
        Data.MedicalHistory is { } history && history.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Array
            ? entries.EnumerateArray() : [];

    /// <summary>The filled-in fields of a version's content, in the order written.</summary>
    public static IEnumerable<(string Field, string Value)> Fields(JsonElement version) =>
        version.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            ? content.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 })
                .Select(p => (p.Name, p.Value.GetString()!))
            : [];

    public static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
