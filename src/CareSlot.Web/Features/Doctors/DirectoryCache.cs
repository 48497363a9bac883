using Microsoft.AspNetCore.OutputCaching;

namespace CareSlot.Web.Features.Doctors;

/// <summary>
/// The directory search's API answers, kept by the output cache for a few seconds per query string. An answer is the
/// same for every caller (signed-in requests are never cached) and its next free slots are already refreshed in the
/// background, so seconds of age change nothing a patient could act on: the slot list and the booking are exact.
/// Directory edits on this instance (profile edits, approvals) evict the answers at once. <see cref="DoctorsRegistration.AddDoctors"/>
/// registers the policy.
/// </summary>
public static class DirectoryCache
{
    public const string SearchPolicy = "directory-search";
    public const string SecondsSetting = "Directory:SearchCacheSeconds";
    public const int DefaultSeconds = 30;
    internal const string Tag = "directory";

    public static ValueTask EvictAsync(IOutputCacheStore store, CancellationToken ct) => store.EvictByTagAsync(Tag, ct);

    internal static int Seconds(IConfiguration configuration) => configuration.GetValue(SecondsSetting, DefaultSeconds);

    /// <summary>
    /// Keeps each answer between half and all of the configured time, at random: answers filled together (after a
    /// restart, or by a burst) would otherwise lapse together, and every request waits on the refills at once.
    /// </summary>
    internal sealed class SpreadExpiry(IConfiguration configuration) : IOutputCachePolicy
    {
        // Read once, not on every search: this runs for each request, hits included.
        private readonly int seconds = Seconds(configuration);

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds * (0.5 + Random.Shared.NextDouble() / 2));
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}
