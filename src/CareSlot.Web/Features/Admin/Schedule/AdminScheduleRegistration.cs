namespace CareSlot.Web.Features.Admin.Schedule;

public static class AdminScheduleRegistration
{
    public static IHostApplicationBuilder AddAdminSchedule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<AppointmentOversight>()
            .AddScoped<AppointmentCase>()
            .AddScoped<MoveTargets>()
            .AddScoped<ActOnBehalf>()
            .AddScoped<DoctorAbsence>();
        return builder;
    }
}
