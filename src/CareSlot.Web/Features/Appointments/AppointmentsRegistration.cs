using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareSlot.Web.Features.Appointments;

public static class AppointmentsRegistration
{
    public static IHostApplicationBuilder AddAppointments(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddScoped<BookAppointment>()
            .AddScoped<AppointmentOutbox>()
            .AddScoped<IInterceptor>(services => services.GetRequiredService<AppointmentOutbox>())
            .AddScoped<AppointmentTransaction>()
            .AddScoped<BookableTypes>()
            .AddScoped<HoldSlot>()
            .AddScoped<ReleaseHold>()
            .AddScoped<CancelAppointment>()
            .AddScoped<RescheduleAppointment>()
            .AddScoped<ChangeAppointmentStatus>()
            .AddScoped<ClearNoShow>()
            .AddScoped<AppointmentQueries>()
            .AddEncryptedColumn<Appointment>(Appointment.ReasonColumn);
        return builder;
    }
}
