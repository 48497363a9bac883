using CareSlot.Scheduling;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Appointments;

/// <summary>How a status is written: "no-show" in the API, "No-show" on pages.</summary>
public static class StatusNames
{
    public static string Display(AppointmentStatus status) => status switch
    {
        AppointmentStatus.NoShow => "No-show",
        _ => status.ToString(),
    };

    /// <summary>"no-show" → "No-show", for pages that hold the API's view.</summary>
    public static string DisplayApi(string api) => TryParseApi(api, out var status) ? Display(status) : api;

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
