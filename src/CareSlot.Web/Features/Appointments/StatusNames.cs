using CareSlot.Scheduling;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Appointments;

/// <summary>How a status is written: "no-show" in the API, "No-show" (German "Nicht erschienen") on pages.</summary>
public static class StatusNames
{
    public static string Display(AppointmentStatus status, IStringLocalizer<AppointmentsText> text) => status switch
    {
        AppointmentStatus.Requested => text["Requested"],
        AppointmentStatus.Confirmed => text["Confirmed"],
        AppointmentStatus.Completed => text["Completed"],
        AppointmentStatus.NoShow => text["No-show"],
        AppointmentStatus.Cancelled => text["Cancelled"],
        _ => status.ToString(),
    };

    /// <summary>"no-show" → "No-show", for pages that hold the API's view.</summary>
    public static string DisplayApi(string api, IStringLocalizer<AppointmentsText> text) => TryParseApi(api, out var status) ? Display(status, text) : api;

    /// <summary>Who made a change, as the history shows it: "doctor" → "Doctor".</summary>
    public static string DisplayActor(string api, IStringLocalizer<AppointmentsText> text) => api switch
    {
        "patient" => text["Patient"],
        "doctor" => text["Doctor"],
        "admin" => text["Clinic admin"],
        "system" => text["CareSlot (automatic)"],
        "support" => text["CareSlot support, at the patient's request"],
        _ => api,
    };

    public static string Api(AppointmentStatus status) => status switch
    {
        AppointmentStatus.NoShow => "no-show",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static bool TryParseApi(string? text, out AppointmentStatus status)
    {
        foreach (var candidate in Enum.GetValues<AppointmentStatus>())
        {
            if (string.Equals(Api(candidate), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
