using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CareSlot.SystemTests.Infrastructure;

/// <summary>A signed-in patient: the account's id and a bearer token from POST /api/v1/auth/login.</summary>
public sealed record Patient(Guid Id, string Email, string Token);

/// <summary>
/// Patients for the tests. One patient registers through the API (the app hashes the password and adds the role); the
/// tests' patients are copies of that account's row made in SQL — only the identifiers differ — which takes milliseconds
/// where registering hundreds through the API would take minutes of password hashing. Each then signs in through
/// nginx, as a patient's app would, and gets its own bearer token.
/// </summary>
public static class Patients
{
    public const string Password = "Topology-Passw0rd!";
    private const string TemplateEmail = "template@topology.example";

    /// <summary>Makes <paramref name="count"/> verified patients named after <paramref name="tag"/> and signs them all in.</summary>
    public static async Task<List<Patient>> CreateAsync(HttpClient site, string tag, int count)
    {
        var watch = Stopwatch.StartNew();
        var template = await TemplateAsync(site);
        var run = $"{tag}-{Guid.NewGuid():N}"[..Math.Min(tag.Length + 9, 40)];
        await CloneAsync(template, run, count);
        var emails = Enumerable.Range(1, count).Select(i => Email(run, i)).ToList();
        var seeded = watch.Elapsed;
        var patients = await SignInAsync(site, emails);
        Figures.Print(tag, $"{count} patients seeded in {seeded.TotalSeconds:F1} s, {patients.Count} signed in through nginx in {(watch.Elapsed - seeded).TotalSeconds:F1} s");
        if (patients.Count != count) throw new InvalidOperationException($"only {patients.Count} of {count} patients could sign in");
        return patients;
    }

    private static string Email(string run, int i) => $"{run}-{i}@topology.example";

    private static async Task<Guid> TemplateAsync(HttpClient site)
    {
        const string Find = """SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = upper(@email)""";
        if (await FindAsync() is { } existing) return existing;
        using var response = await site.PostAsJsonAsync("api/v1/auth/register", new
        {
            fullName = "Topology Template",
            dateOfBirth = "1980-04-23",
            email = TemplateEmail,
            phone = "+4915112345678",
            password = Password,
            acceptTerms = true,
        });
        if (response.StatusCode != HttpStatusCode.Created && await FindAsync() is null)
        {
            throw new InvalidOperationException($"registering the template patient answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var id = await FindAsync() ?? throw new InvalidOperationException("the template patient is missing after registering");
        // Verified by e-mail, as if the link had been followed: only verified patients may book and get reminders.
        await Topology.ExecuteAsync("""UPDATE "AspNetUsers" SET "EmailConfirmed" = true WHERE "Id" = @id""", ("id", id));
        return id;

        async Task<Guid?> FindAsync()
        {
            await using var command = Topology.Database.CreateCommand(Find);
            command.Parameters.AddWithValue("email", TemplateEmail);
            return await command.ExecuteScalarAsync() as Guid?;
        }
    }

    /// <summary>Copies the template's row (every column, whatever the schema holds then) with new ids, names and stamps.</summary>
    private static async Task CloneAsync(Guid template, string run, int count)
    {
        var columns = new List<string>();
        await using (var read = Topology.Database.CreateCommand(
            """SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'AspNetUsers' ORDER BY ordinal_position"""))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        }
        string Value(string column) => column switch
        {
            "Id" => "n.id",
            "UserName" or "Email" => "n.email",
            "NormalizedUserName" or "NormalizedEmail" => "upper(n.email)",
            "SecurityStamp" or "ConcurrencyStamp" => "upper(replace(gen_random_uuid()::text, '-', ''))",
            _ => $"t.\"{column}\"",
        };
        var sql = $"""
            CREATE TEMP TABLE new_patients ON COMMIT DROP AS
              SELECT gen_random_uuid() AS id, format('%s-%s@topology.example', @run::text, i) AS email FROM generate_series(1, @count) AS i;
            INSERT INTO "AspNetUsers" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
              SELECT {string.Join(", ", columns.Select(Value))} FROM "AspNetUsers" t CROSS JOIN new_patients n WHERE t."Id" = @template;
            INSERT INTO "AspNetUserRoles" ("UserId", "RoleId")
              SELECT n.id, r."RoleId" FROM new_patients n CROSS JOIN "AspNetUserRoles" r WHERE r."UserId" = @template;
            """;
        await using var connection = await Topology.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand(sql, connection, transaction))
        {
            command.Parameters.AddWithValue("run", run);
            command.Parameters.AddWithValue("count", count);
            command.Parameters.AddWithValue("template", template);
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    public static async Task<List<Patient>> SignInAsync(HttpClient site, List<string> emails)
    {
        var signedIn = new ConcurrentBag<Patient>();
        var refusals = new ConcurrentDictionary<int, int>();
        // A sign-in costs the server tens of milliseconds of password hashing: more at once only queues.
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (email, ct) =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                using var response = await site.PostAsJsonAsync("api/v1/auth/login", new { email, password = Password }, ct);
                if (response.IsSuccessStatusCode)
                {
                    using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    var token = json.RootElement.GetProperty("accessToken").GetString()!;
                    signedIn.Add(new Patient(await IdOfAsync(email), email, token));
                    return;
                }
                refusals.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                await Task.Delay(500, ct);
            }
        });
        foreach (var (status, times) in refusals) Figures.Print("sign-in", $"answered {status} {times} times");
        return [.. signedIn.OrderBy(p => p.Email, StringComparer.Ordinal)];
    }

    private static async Task<Guid> IdOfAsync(string email)
    {
        await using var command = Topology.Database.CreateCommand("""SELECT "Id" FROM "AspNetUsers" WHERE "NormalizedEmail" = upper(@email)""");
        command.Parameters.AddWithValue("email", email);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
