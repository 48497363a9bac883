using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Features.Schedules;

public sealed record AppointmentTypeView(int Id, string Name, int DurationMinutes, int BufferAfterMinutes, string Mode, bool ForNewPatients, bool ForReturningPatients);

public sealed record SlotView(string Start, string End, int ClinicId, string TimeZone, string TimeZoneAbbreviation);

public sealed record SlotsView(int DoctorId, int AppointmentTypeId, string From, string To, IReadOnlyList<SlotView> Slots);

public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder routes)
    {
        var doctors = routes.MapGroup("/api/v1/doctors").WithTags("Schedules");

        doctors.MapGet("/{id:int}/appointment-types", async (int id, CareSlotDb db, CancellationToken ct) =>
            {
                if (!await db.Doctors.AnyAsync(d => d.Id == id && d.IsListed, ct)) return UseCaseProblem.NotFound("Doctor").ToResult();
                var types = await db.AppointmentTypes.AsNoTracking().Where(t => t.DoctorId == id && t.IsOffered)
                    .OrderBy(t => t.DurationMinutes).ThenBy(t => t.Name).ToListAsync(ct);
                return TypedResults.Ok(types.Select(ToView).ToList());
            })
            .WithSummary("The kinds of visit a doctor offers.");

        doctors.MapGet("/{id:int}/slots", async (int id, string? from, string? to, int? appointmentTypeId, FindSlots findSlots,
                HttpContext http, CancellationToken ct) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (appointmentTypeId is null) errors["appointmentTypeId"] = ["Choose the kind of visit (appointmentTypeId)."];
                Instant? fromInstant = null, toInstant = null;
                if (from is not null) { if (IsoTime.TryParse(from, out var f)) fromInstant = f; else errors["from"] = [$"Use {IsoTime.Expected}."]; }
                if (to is not null) { if (IsoTime.TryParse(to, out var t)) toInstant = t; else errors["to"] = [$"Use {IsoTime.Expected}."]; }
                if (errors.Count > 0) return UseCaseProblem.Invalid(errors).ToResult();

                var viewer = http.User.Identity?.IsAuthenticated == true ? (Guid?)Accounts.AccountClaims.AccountId(http.User) : null;
                var (found, rangeErrors) = await findSlots.HandleAsync(new SlotSearch(id, appointmentTypeId!.Value, fromInstant, toInstant), viewer, ct);
                if (rangeErrors is not null) return UseCaseProblem.Invalid(rangeErrors).ToResult();
                if (found is null) return UseCaseProblem.NotFound("Doctor or appointment type").ToResult();
                return TypedResults.Ok(new SlotsView(id, found.Type.Id, found.From, found.To, ToViews(found.Slots)));
            })
            .RequireAuthorization(Accounts.AccountPolicies.Anyone)
            .WithSummary("A doctor's free slots for one appointment type, in the clinic's time (14 days from now unless from/to say otherwise).");

        return routes;
    }

    public static IServiceCollection AddSchedules(this IServiceCollection services) => services
        .AddSingleton<DoctorCaches>()
        .AddScoped<DoctorCacheEvictions>()
        .AddSingleton<DoctorTimeListener>()
        .AddHostedService(services => services.GetRequiredService<DoctorTimeListener>())
        .AddScoped<FindSlots>()
        .AddScoped<LoadSlotWeek>()
        .AddScoped<LoadDoctorSchedule>()
        .AddScoped<SaveWeeklyHours>()
        .AddScoped<AddTimeOff>()
        .AddScoped<RemoveTimeOff>()
        .AddScoped<AddExtraHours>()
        .AddScoped<RemoveExtraHours>()
        .AddScoped<AddAppointmentType>()
        .AddScoped<EditAppointmentType>()
        .AddScoped<RetireAppointmentType>()
        .AddScoped<ChangeBookingRules>();

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

    private static AppointmentTypeView ToView(AppointmentType type) => new(type.Id, type.Name, type.DurationMinutes, type.BufferAfterMinutes,
        type.Mode == VisitMode.Video ? "video" : "in-person", type.ForNewPatients, type.ForReturningPatients);
}
