using NodaTime;

namespace CareSlot.Web.Platform.Time;

/// <summary>
/// One clock for the whole app: the framework reads <see cref="TimeProvider"/>, our rules read NodaTime's
/// <see cref="IClock"/>, and both are the same source, so a test that moves one moves the other.
/// </summary>
public static class TimeExtensions
{
    public static IServiceCollection AddClock(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock>(sp => new TimeProviderClock(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
}
