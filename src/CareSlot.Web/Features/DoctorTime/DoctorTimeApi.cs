using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace CareSlot.Web.Features.DoctorTime;

public sealed record SlotView(string Start, string End, int ClinicId, string TimeZone, string TimeZoneAbbreviation);

public sealed record SlotsView(int DoctorId, int AppointmentTypeId, string From, string To, IReadOnlyList<SlotView> Slots);

public static class DoctorTimeApi
{
    public static IEndpointRouteBuilder MapDoctorTimeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/doctors/{id:int}/slots", GetSlotsAsync)
            .WithTags("Schedules")
            .RequireAuthorization(AccountPolicies.Anyone)
            .WithSummary("A doctor's free slots for one appointment type, in the clinic's time (14 days from now unless from/to say otherwise).");
        return routes;
    }

    private static async Task<Results<Ok<SlotsView>, ProblemHttpResult>> GetSlotsAsync(int id, string? from, string? to, int? appointmentTypeId,
        FindSlots findSlots, IStringLocalizer<DoctorTimeText> text, HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (appointmentTypeId is null) errors["appointmentTypeId"] = [text["Choose the kind of visit (appointmentTypeId)."]];
        Instant? fromInstant = null, toInstant = null;
        if (from is not null) { if (IsoTime.TryParse(from, out var f)) fromInstant = f; else errors["from"] = [text["Use {0}.", text[IsoTime.Expected]]]; }
        if (to is not null) { if (IsoTime.TryParse(to, out var t)) toInstant = t; else errors["to"] = [text["Use {0}.", text[IsoTime.Expected]]]; }
        if (errors.Count > 0) return UseCaseProblem.Invalid(errors).ToResult();

        var viewer = http.User.Identity?.IsAuthenticated == true ? (Guid?)http.User.AccountId() : null;
        var (found, rangeErrors) = await findSlots.HandleAsync(new FindSlotsRequest(id, appointmentTypeId!.Value, fromInstant, toInstant), viewer, ct);
        if (rangeErrors is not null) return UseCaseProblem.Invalid(rangeErrors).ToResult();
        if (found is null) return UseCaseProblem.NotFound(text["Doctor or appointment type not found."], text["There is no such doctor or appointment type you can see."]).ToResult();
        return TypedResults.Ok(new SlotsView(id, found.Type.Id, found.From, found.To, ToViews(found.Slots)));
    }

    /// <summary>Hundreds of slots per answer, mostly in one zone: one formatter per zone keeps the zone lookups per offset change.</summary>
    private static List<SlotView> ToViews(IReadOnlyList<ClinicSlot> slots)
    {
        var formatters = new Dictionary<DateTimeZone, SlotTimeFormatter>();
        var views = new List<SlotView>(slots.Count);
        foreach (var slot in slots)
        {
            if (!formatters.TryGetValue(slot.Zone, out var formatter)) formatters[slot.Zone] = formatter = new SlotTimeFormatter(slot.Zone);
            views.Add(new SlotView(formatter.Format(slot.Start), formatter.Format(slot.End), slot.ClinicId, slot.Zone.Id,
                formatter.IntervalAt(slot.Start).Name));
        }
        return views;
    }
}
