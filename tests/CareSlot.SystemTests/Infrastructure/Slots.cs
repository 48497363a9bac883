using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>A free slot as GET /api/v1/doctors/{id}/slots lists it.</summary>
public sealed record Slot(int DoctorId, int TypeId, string Start, DateTimeOffset From, DateTimeOffset To);

public static class Slots
{
    /// <summary>
    /// Free slots of the demo doctors who take new patients (the tests' patients are new to them), one appointment type per doctor (slots of one type never overlap each other, so
    /// every slot returned can be booked beside the others), starting after <paramref name="notBefore"/>, spread over the
    /// doctors so that concurrent bookings meet different doctors as real traffic would.
    /// </summary>
    public static async Task<List<Slot>> FreeAsync(HttpClient site, int wanted, DateTimeOffset? notBefore = null)
    {
        var types = new List<(int Doctor, int Type)>();
        await using (var command = Topology.Database.CreateCommand("""
            SELECT DISTINCT ON (t."DoctorId") t."DoctorId", t."Id" FROM "AppointmentTypes" t JOIN "Doctors" d ON d."Id" = t."DoctorId"
            WHERE t."IsOffered" AND t."ForNewPatients" AND t."ForReturningPatients" AND d."IsListed" AND d."AcceptingNewPatients" ORDER BY t."DoctorId", t."Id"
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) types.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        var found = new ConcurrentBag<Slot>();
        await Parallel.ForEachAsync(types, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, ct) =>
        {
            using var response = await site.GetAsync(string.Create(CultureInfo.InvariantCulture,
                $"api/v1/doctors/{pair.Doctor}/slots?appointmentTypeId={pair.Type}"), ct);
            if (!response.IsSuccessStatusCode) return;
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            foreach (var slot in json.RootElement.GetProperty("slots").EnumerateArray())
            {
                var start = slot.GetProperty("start").GetString()!;
                var from = DateTimeOffset.Parse(start, CultureInfo.InvariantCulture);
                var to = DateTimeOffset.Parse(slot.GetProperty("end").GetString()!, CultureInfo.InvariantCulture);
                if (notBefore is null || from > notBefore) found.Add(new Slot(pair.Doctor, pair.Type, start, from, to));
            }
        });
        // Round-robin over the doctors: the first N slots come from as many doctors as possible.
        var spread = found.GroupBy(s => s.DoctorId)
            .SelectMany(doctor => doctor.OrderBy(s => s.From).Select((slot, rank) => (slot, rank)))
            .OrderBy(x => x.rank).ThenBy(x => x.slot.DoctorId).Select(x => x.slot).Take(wanted).ToList();
        if (spread.Count < wanted) throw new InvalidOperationException($"only {spread.Count} free slots found, {wanted} wanted");
        return spread;
    }
}
