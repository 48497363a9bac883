using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CareSlot.Web.Features.DoctorTime;

public static class DoctorTimeRegistration
{
    public static IHostApplicationBuilder AddDoctorTime(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddSingleton<DoctorCaches>()
            .AddScoped<DoctorCacheEvictions>()
            .AddScoped<DoctorTimeReader>()
            .AddScoped<IInterceptor, DoctorTimeChanges>()
            .AddSingleton<DoctorTimeListener>()
            .AddHostedService(services => services.GetRequiredService<DoctorTimeListener>())
            .AddScoped<FindSlots>()
            .AddScoped<LoadSlotWeek>()
            .AddScoped<RefreshAvailability>()
            .AddHostedService<AvailabilityRefresher>();
        return builder;
    }
}
