namespace CareSlot.Web.Features.Schedules;

public static class SchedulesRegistration
{
    public static IHostApplicationBuilder AddSchedules(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddScoped<ScheduleTransaction>()
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
        return builder;
    }
}
