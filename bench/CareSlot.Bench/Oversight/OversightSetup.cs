using System.Globalization;
using System.Text.Json;
using CareSlot.Bench.Accounts;
using CareSlot.Bench.Generate;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using NodaTime;
using Npgsql;
using static CareSlot.Bench.Sql;

namespace CareSlot.Bench.Oversight;

public sealed record OversightSetupOptions(string Connection, string OutDirectory, int Seed)
{
    public static OversightSetupOptions From(Arguments arguments)
    {
        var options = new OversightSetupOptions(
            arguments.Text("connection") ?? Environment.GetEnvironmentVariable("BENCH_CONNECTION") ?? throw new ArgumentException("--connection CS is required."),
            arguments.Text("out", "bench/out"),
            arguments.Number("seed", 20261206));
        arguments.RejectUnknown();
        return options;
    }
}

/// <summary>
/// What the oversight load needs: the administrator's sign-in, the dataset's first and last start (for walks that begin
/// deep in the list), and one value of each filter with the number of appointments it matched when set up.
/// </summary>
public sealed record OversightFixture(string Email, string Password, string AuthenticatorKey,
    DateTimeOffset FirstStart, DateTimeOffset LastStart, long Appointments,
    int ClinicId, string ClinicName, long ClinicAppointments,
    int DoctorId, string DoctorName, long DoctorAppointments,
    long ConfirmedAppointments,
    string WeekFrom, string WeekTo, long WeekAppointments,
    string PatientFragment, long PatientAppointments)
{
    public const string FileName = "oversight.json";

    /// <summary>A load-test fixture, not a secret, like the patients' and the chart doctor's passwords.</summary>
    public const string AdminPassword = "bench-admin-password";

    public static OversightFixture Read(string directory) =>
        JsonSerializer.Deserialize<OversightFixture>(File.ReadAllText(Path.Combine(directory, FileName)))
        ?? throw new ArgumentException($"{Path.Combine(directory, FileName)} is empty: run oversight-setup first.");
}

/// <summary>
/// On a generated dataset: an administrator's account with two-factor on (as the chart's doctor has, <see cref="TwoFactorAccounts"/>;
/// the admin policy wants role Admin and a session signed in with the second factor, amr=mfa, which the API's login
/// grants when the TOTP code comes with the password), and the filters the oversight load walks: the busiest clinic and
/// doctor, status confirmed, the week in the middle of the dataset, and a fragment of a family name. Writes oversight.json.
/// Only the Accounts tables are written.
/// </summary>
public static class OversightSetup
{
    private const string Email = "oversight-admin@bench.careslot.test";

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static async Task<int> RunAsync(OversightSetupOptions options)
    {
        var random = new Random(options.Seed);
        var now = Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();

        if (await TwoFactorAccounts.ExistsAsync(connection, Email))
        {
            await Console.Error.WriteLineAsync($"{Email} already exists: the oversight is set up on this database (generate --reset starts over).");
            return 1;
        }

        var (count, first, last) = await FirstAsync(connection, """SELECT count(*), min("Start"), max("Start") FROM "Appointments" """,
            r => (r.GetInt64(0), r.IsDBNull(1) ? (DateTime?)null : r.GetDateTime(1), r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2)));
        if (first is not { } firstStart || last is not { } lastStart) throw new InvalidOperationException("The dataset has no appointments: generate it first.");

        var clinic = await FirstAsync(connection, """
            SELECT a."ClinicId", c."Name", count(*) FROM "Appointments" a JOIN "Clinics" c ON c."Id" = a."ClinicId"
            GROUP BY a."ClinicId", c."Name" ORDER BY 3 DESC, 1 LIMIT 1
            """, r => (Id: r.GetInt32(0), Name: r.GetString(1), Count: r.GetInt64(2)));
        var doctor = await FirstAsync(connection, """
            SELECT a."DoctorId", d."Title" || ' ' || d."GivenName" || ' ' || d."FamilyName", count(*) FROM "Appointments" a
            JOIN "Doctors" d ON d."Id" = a."DoctorId"
            GROUP BY a."DoctorId", d."Title", d."GivenName", d."FamilyName" ORDER BY 3 DESC, 1 LIMIT 1
            """, r => (Id: r.GetInt32(0), Name: r.GetString(1), Count: r.GetInt64(2)));
        var confirmed = (long)(await ScalarAsync(connection, """SELECT count(*) FROM "Appointments" WHERE "Status" = @status""",
            ("status", AppointmentStatus.Confirmed.ToString())))!;

        // The week in the middle of the dataset (today, for a generated one), in each appointment's own clinic's calendar as the list reads it.
        var middle = DateOnly.FromDateTime(firstStart + (lastStart - firstStart) / 2);
        var (weekFrom, weekTo) = (middle, middle.AddDays(6));
        var week = (long)(await ScalarAsync(connection, """
            SELECT count(*) FROM "Appointments" a JOIN "Clinics" c ON c."Id" = a."ClinicId"
            WHERE (a."Start" AT TIME ZONE c."TimeZoneId")::date BETWEEN @from AND @to
            """, ("from", weekFrom), ("to", weekTo)))!;

        // Part of a family name, lower case and without its first letter ("ülle" of Müller): what an administrator types.
        var (fragment, patientCount) = ("", 0L);
        foreach (var name in ReferenceData.FamilyNames.OrderBy(_ => random.Next()))
        {
            fragment = name.Substring(1, Math.Min(4, name.Length - 1)).ToLowerInvariant();
            patientCount = (long)(await ScalarAsync(connection, """
                SELECT count(*) FROM "Appointments" a JOIN "AspNetUsers" u ON u."Id" = a."PatientId" WHERE u."FullName" ILIKE @pattern
                """, ("pattern", $"%{fragment}%")))!;
            if (patientCount > 0) break;
        }

        var (_, authenticatorKey) = await TwoFactorAccounts.CreateAsync(connection, Email, OversightFixture.AdminPassword, "Benchmark Administrator",
            Roles.Admin, random, now);

        var fixture = new OversightFixture(Email, OversightFixture.AdminPassword, authenticatorKey,
            new DateTimeOffset(firstStart, TimeSpan.Zero), new DateTimeOffset(lastStart, TimeSpan.Zero), count,
            clinic.Id, clinic.Name, clinic.Count, doctor.Id, doctor.Name, doctor.Count, confirmed,
            weekFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), weekTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), week,
            fragment, patientCount);
        Directory.CreateDirectory(options.OutDirectory);
        File.WriteAllText(Path.Combine(options.OutDirectory, OversightFixture.FileName), JsonSerializer.Serialize(fixture, IndentedJson));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[oversight-setup   ] {Email}, role Admin, two-factor on; {count:N0} appointments from {firstStart:yyyy-MM-dd} to {lastStart:yyyy-MM-dd}. " +
            $"Filters: clinic {clinic.Id} ({clinic.Name}) {clinic.Count:N0}, doctor {doctor.Id} ({doctor.Name}) {doctor.Count:N0}, confirmed {confirmed:N0}, " +
            $"{fixture.WeekFrom}..{fixture.WeekTo} {week:N0}, patient \"{fragment}\" {patientCount:N0}. " +
            $"Sign-in details in {Path.Combine(Path.GetFullPath(options.OutDirectory), OversightFixture.FileName)}."));
        return 0;
    }
}
