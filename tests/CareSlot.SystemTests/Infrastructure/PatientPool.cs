using System.Text.Json;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>
/// The run's 500 patients, made and signed in once and shared by every test: a sign-in costs the server a password hash
/// (measured: about 6 per second through the topology on two cores), so each test signing in its own would take minutes.
/// Bearer tokens live 15 minutes; the pool signs everyone in again after 12.
/// </summary>
public static class PatientPool
{
    public const int Size = 500;
    private static readonly TimeSpan TokenAge = TimeSpan.FromMinutes(12);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static List<Patient>? patients;

    /// <summary>
    /// ops/system-test.sh runs each test class in a process of its own: the pool is kept in the work folder (which is
    /// the topology's, removed with its state) with the time of its sign-in, and the next process takes it from there.
    /// </summary>
    private static string PoolFile => Path.Combine(Topology.Work, "run", "patient-pool.json");

    private sealed record Saved(DateTimeOffset SignedInAt, List<Patient> Patients);

    public static async Task<List<Patient>> GetAsync(HttpClient site)
    {
        await Gate.WaitAsync();
        try
        {
            var now = TimeProvider.System.GetUtcNow();
            Saved? saved = null;
            if (File.Exists(PoolFile)) saved = JsonSerializer.Deserialize<Saved>(await File.ReadAllTextAsync(PoolFile));
            if (saved is not null && now - saved.SignedInAt < TokenAge && saved.Patients.Count == Size) return patients = saved.Patients;
            patients = saved is { Patients.Count: Size }
                ? await Patients.SignInAsync(site, [.. saved.Patients.Select(p => p.Email)])
                : await Patients.CreateAsync(site, "pool", Size);
            await File.WriteAllTextAsync(PoolFile, JsonSerializer.Serialize(new Saved(now, patients)));
            return patients;
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed record Held(Guid PatientId, int DoctorId, DateTimeOffset From, DateTimeOffset To);

    /// <summary>
    /// Gives each slot to the next patient who may take it — free then, and below the clinics' limit of two upcoming
    /// visits with that doctor — counting what they already hold in the database, so a refusal is never the test's doing.
    /// </summary>
    public static async Task<List<(Patient Patient, Slot Slot)>> AssignAsync(HttpClient site, IEnumerable<Slot> slots, int wanted)
    {
        var pool = await GetAsync(site);
        var held = pool.ToDictionary(p => p.Id, _ => new List<Held>());
        await using (var command = Topology.Database.CreateCommand("""
            SELECT "PatientId", "DoctorId", "Start", "End" FROM "Appointments"
            WHERE "PatientId" = ANY(@ids) AND "Status" IN ('Requested', 'Confirmed') AND "End" > now()
            """))
        {
            command.Parameters.AddWithValue("ids", pool.Select(p => p.Id).ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new Held(reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3));
                held[row.PatientId].Add(row);
            }
        }
        var bookings = new List<(Patient, Slot)>();
        var next = 0;
        foreach (var slot in slots)
        {
            if (bookings.Count == wanted) break;
            for (var tries = 0; tries < pool.Count; tries++, next = (next + 1) % pool.Count)
            {
                var mine = held[pool[next].Id];
                if (mine.Count(h => h.DoctorId == slot.DoctorId) >= 2 || mine.Any(h => h.From < slot.To && slot.From < h.To)) continue;
                mine.Add(new Held(pool[next].Id, slot.DoctorId, slot.From, slot.To));
                bookings.Add((pool[next], slot));
                next = (next + 1) % pool.Count;
                break;
            }
        }
        if (bookings.Count < wanted) throw new InvalidOperationException($"only {bookings.Count} of {wanted} bookings could be given to the pool's patients");
        return bookings;
    }

    /// <summary>A slot every patient of the pool may book: nobody holds a visit then or two with that doctor.</summary>
    public static async Task<Slot> SlotFreeForEveryoneAsync(HttpClient site, IEnumerable<Slot> slots)
    {
        var pool = await GetAsync(site);
        var candidates = slots.ToList();
        foreach (var slot in candidates)
        {
            var busy = await Topology.ScalarAsync("""
                SELECT count(*) FROM "Appointments" WHERE "PatientId" = ANY(@ids) AND "Status" IN ('Requested', 'Confirmed')
                  AND ("DoctorId" = @doctor OR ("Start" < @to AND @from < "End"))
                """, ("ids", pool.Select(p => p.Id).ToArray()), ("doctor", slot.DoctorId), ("from", slot.From.ToUniversalTime()), ("to", slot.To.ToUniversalTime()));
            if (busy == 0) return slot;
        }
        throw new InvalidOperationException("no slot is free for every patient of the pool");
    }
}
