namespace CareSlot.Web.Features.Admin.Calendar;

public static class AdminCalendarRegistration
{
    public static IHostApplicationBuilder AddAdminCalendar(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<CalendarQuery>();
        return builder;
    }
}
