using System.Collections.Concurrent;

namespace CareSlot.Web.Features.DoctorTime;

/// <summary>
/// One in-memory entry per doctor, dropped by the writes it depends on (<see cref="Evict"/>) and, as a safety net,
/// after <c>lifetime</c> less up to a tenth at random, so that entries loaded together do not all lapse together.
/// A load that overlapped an eviction is not kept, so a reader that saw the rows before a change cannot put them
/// back after it.
/// </summary>
/// <param name="lookedUp">Told of every lookup that may use the cache: true when memory answered it (the hit ratio on /metrics).</param>
public sealed class DoctorEntryCache<T>(TimeProvider time, TimeSpan lifetime, Action<bool>? lookedUp = null) where T : class
{
    private sealed record Entry(T Value, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<int, Entry> entries = new();
    private readonly ConcurrentDictionary<int, long> generations = new();
    private long epoch;

    /// <param name="mayStore">False for a unit of work that changed this doctor's rows itself: it would see its own uncommitted writes.</param>
    /// <param name="load">Reads the entry; null (nothing to keep, such as an unknown doctor) is passed on and not stored.</param>
    public async Task<T?> GetAsync(int doctorId, bool mayStore, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (mayStore)
        {
            var hit = entries.TryGetValue(doctorId, out var cached) && cached.ExpiresAt > now;
            lookedUp?.Invoke(hit);
            if (hit) return cached!.Value;
        }

        var generation = generations.GetValueOrDefault(doctorId);
        var epochBefore = Interlocked.Read(ref epoch);
        var value = await load(ct);
        if (!mayStore || value is null) return value;

        // Stored first and checked after: an eviction either bumped the counters before the check (undone here) or
        // removes the entry after it was stored.
        var entry = new Entry(value, now + lifetime * (1 - Random.Shared.NextDouble() / 10));
        entries[doctorId] = entry;
        if (generations.GetValueOrDefault(doctorId) != generation || Interlocked.Read(ref epoch) != epochBefore)
        {
            entries.TryRemove(KeyValuePair.Create(doctorId, entry));
        }
        return value;
    }

    public bool Holds(int doctorId) => entries.TryGetValue(doctorId, out var cached) && cached.ExpiresAt > time.GetUtcNow();

    public void Evict(int doctorId)
    {
        generations.AddOrUpdate(doctorId, 1, (_, g) => g + 1);
        entries.TryRemove(doctorId, out _);
    }

    /// <summary>Drops everything, for when writes may have been missed (another instance's notices lost on a reconnect).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref epoch);
        entries.Clear();
    }
}
