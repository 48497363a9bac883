using System.Globalization;
using System.Text.Json;
using CareSlot.Bench.Accounts;
using CareSlot.Bench.Generate;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Security.Encryption;
using NodaTime;
using Npgsql;
using static CareSlot.Bench.Sql;

namespace CareSlot.Bench.Chart;

public sealed record ChartSetupOptions(string Connection, string OutDirectory, int Entries, int Seed)
{
    public static ChartSetupOptions From(Arguments arguments)
    {
        var options = new ChartSetupOptions(
            arguments.Text("connection") ?? Environment.GetEnvironmentVariable("BENCH_CONNECTION") ?? throw new ArgumentException("--connection CS is required."),
            arguments.Text("out", "bench/out"),
            arguments.Number("entries", 200),
            arguments.Number("seed", 20261206));
        arguments.RejectUnknown();
        return options;
    }
}

/// <summary>What the chart load needs to sign in as the doctor and to know the page it got is the right one.</summary>
public sealed record ChartFixture(int DoctorId, string Email, string Password, string AuthenticatorKey, Guid PatientId, string PatientName,
    int Entries, int Versions, int Visits)
{
    public const string FileName = "chart.json";

    /// <summary>A load-test fixture, not a secret, like the patients' password.</summary>
    public const string DoctorPassword = "bench-doctor-password";

    public static ChartFixture Read(string directory) =>
        JsonSerializer.Deserialize<ChartFixture>(File.ReadAllText(Path.Combine(directory, FileName)))
        ?? throw new ArgumentException($"{Path.Combine(directory, FileName)} is empty: run chart-setup first.");
}

/// <summary>
/// On a generated dataset: gives one listed doctor an account with two-factor on, as Identity's UserManager stores it, and
/// one of their patients a long medical history written by that doctor (visit notes on past visits together, allergies,
/// conditions) and by the patient, some entries amended, every version sealed with the key ring the app runs with.
/// Only the Accounts, Doctors, Appointments and Records tables are touched.
/// </summary>
public static class ChartSetup
{
    private const string Email = "chart-doctor@bench.careslot.test";

    /// <summary>The app's PatientRecords.ContentJson (internal there): System.Text.Json's web defaults, camelCase names.</summary>
    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web);

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static async Task<int> RunAsync(ChartSetupOptions options)
    {
        var random = new Random(options.Seed);
        var now = Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
        var protector = DatasetGenerator.PhiProtector();
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();

        if (await TwoFactorAccounts.ExistsAsync(connection, Email))
        {
            await Console.Error.WriteLineAsync($"{Email} already exists: the chart is set up on this database (generate --reset starts over).");
            return 1;
        }

        // A listed doctor without an account, with a clinic and an offered appointment type.
        var doctor = await FirstAsync(connection, """
            SELECT d."Id", d."Title", d."GivenName", d."FamilyName", c."Id", c."TimeZoneId", t."Id", t."DurationMinutes", t."BufferAfterMinutes"
            FROM "Doctors" d
            JOIN "DoctorClinics" dc ON dc."DoctorsId" = d."Id"
            JOIN "Clinics" c ON c."Id" = dc."ClinicsId"
            JOIN "AppointmentTypes" t ON t."DoctorId" = d."Id" AND t."IsOffered"
            WHERE d."IsListed" AND d."AccountId" IS NULL
            ORDER BY d."Id", c."Id", t."Id"
            LIMIT 1
            """, r => new Doctor(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetInt32(6), r.GetInt32(7), r.GetInt32(8)))
            ?? throw new InvalidOperationException("No listed doctor without an account has a clinic and an appointment type: generate the dataset first.");

        // Their patient from the most recent visit they had; else any patient (the visits written below make the care relationship).
        var patient = await FirstAsync(connection, """
            SELECT u."Id", u."FullName" FROM "Appointments" a JOIN "AspNetUsers" u ON u."Id" = a."PatientId"
            WHERE a."DoctorId" = @doctor AND a."Status" <> 'Cancelled' AND a."Start" < now()
            ORDER BY a."Start" DESC LIMIT 1
            """, r => ((Guid Id, string Name)?)(r.GetGuid(0), r.GetString(1)), ("doctor", doctor.Id))
            ?? await FirstAsync(connection, """
            SELECT u."Id", u."FullName" FROM "AspNetUsers" u JOIN "AspNetUserRoles" ur ON ur."UserId" = u."Id"
            JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" AND r."NormalizedName" = 'PATIENT'
            ORDER BY u."NormalizedEmail" LIMIT 1
            """, r => ((Guid Id, string Name)?)(r.GetGuid(0), r.GetString(1)))
            ?? throw new InvalidOperationException("The dataset has no patient.");

        await using var transaction = await connection.BeginTransactionAsync();
        var (accountId, authenticatorKey) = await CreateDoctorAccountAsync(connection, doctor, random, now);

        var plan = Plan(options.Entries, random);
        var visits = await InsertVisitsAsync(connection, doctor, patient.Id, accountId, plan.Count(k => k == RecordKind.VisitNote), random, now, protector);
        var (entries, versions) = await InsertHistoryAsync(connection, doctor, patient.Id, accountId, plan, visits, random, now, protector);
        await transaction.CommitAsync();
        await ExecuteAsync(connection, """ANALYZE "RecordEntries", "RecordEntryVersions", "AppointmentHistory", "Appointments" """);

        var fixture = new ChartFixture(doctor.Id, Email, ChartFixture.DoctorPassword, authenticatorKey, patient.Id, patient.Name, entries, versions, visits.Count);
        Directory.CreateDirectory(options.OutDirectory);
        File.WriteAllText(Path.Combine(options.OutDirectory, ChartFixture.FileName), JsonSerializer.Serialize(fixture, IndentedJson));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[chart-setup       ] doctor {doctor.Id} ({doctor.Title} {doctor.Given} {doctor.Family}) signs in as {Email}, two-factor on; " +
            $"patient {patient.Id} ({patient.Name}): {entries} history entries, {versions} versions, {visits.Count} past visits together. " +
            $"Sign-in details in {Path.Combine(Path.GetFullPath(options.OutDirectory), ChartFixture.FileName)}."));
        return 0;
    }

    private sealed record Doctor(int Id, string Title, string Given, string Family, int ClinicId, string TimeZoneId, int TypeId, int Duration, int Buffer);

    private sealed record Visit(Guid Id, Instant Start, Instant End);

    /// <summary>The doctor's account with two-factor on (<see cref="TwoFactorAccounts"/>), and the directory entry linked to it.</summary>
    private static async Task<(Guid AccountId, string AuthenticatorKey)> CreateDoctorAccountAsync(NpgsqlConnection connection, Doctor doctor, Random random, Instant now)
    {
        var (accountId, authenticatorKey) = await TwoFactorAccounts.CreateAsync(connection, Email, ChartFixture.DoctorPassword,
            $"{doctor.Title} {doctor.Given} {doctor.Family}", Roles.Doctor, random, now);
        await ExecuteAsync(connection, """UPDATE "Doctors" SET "AccountId" = @id WHERE "Id" = @doctor""", ("id", accountId), ("doctor", doctor.Id));
        return (accountId, authenticatorKey);
    }

    /// <summary>The kinds of the entries, shuffled: 45% visit notes, 20% allergies, 22% conditions, the rest the patient's own.</summary>
    private static List<RecordKind> Plan(int entries, Random random)
    {
        var notes = entries * 45 / 100;
        var allergies = entries * 20 / 100;
        var conditions = entries * 22 / 100;
        var plan = Enumerable.Repeat(RecordKind.VisitNote, notes)
            .Concat(Enumerable.Repeat(RecordKind.Allergy, allergies))
            .Concat(Enumerable.Repeat(RecordKind.Condition, conditions))
            .Concat(Enumerable.Repeat(RecordKind.PatientReported, entries - notes - allergies - conditions))
            .ToList();
        return [.. plan.OrderBy(_ => random.Next())];
    }

    /// <summary>
    /// One completed visit a note, every third Saturday going back from a fortnight ago (so the newest keeps the care
    /// relationship), at 08:00 at the clinic: the generator books weekdays only, so these never overlap the doctor's or
    /// the patient's other visits.
    /// </summary>
    private static async Task<List<Visit>> InsertVisitsAsync(NpgsqlConnection connection, Doctor doctor, Guid patientId, Guid doctorAccountId, int count,
        Random random, Instant now, FieldProtector protector)
    {
        var zone = DateTimeZoneProviders.Tzdb[doctor.TimeZoneId];
        var lastSaturday = now.InZone(zone).Date.Previous(IsoDayOfWeek.Saturday);
        var reasons = ReferenceData.Reasons.Where(r => r.Length > 0).ToArray();
        var visits = new List<Visit>();
        for (var i = 0; i < count; i++)
        {
            var start = lastSaturday.PlusWeeks(-2 - 3 * i).At(new LocalTime(8, 0)).InZoneLeniently(zone).ToInstant();
            var end = start + Duration.FromMinutes(doctor.Duration);
            var booked = start - Duration.FromDays(random.Next(2, 20));
            var visit = new Visit(Guid.CreateVersion7(booked.ToDateTimeOffset()), start, end);
            await ExecuteAsync(connection, """
                INSERT INTO "Appointments" ("Id", "DoctorId", "ClinicId", "AppointmentTypeId", "PatientId", "Start", "End", "BlockedUntil", "Status",
                    "Reason", "RescheduleCount", "CreatedAt", "Version")
                VALUES (@id, @doctor, @clinic, @type, @patient, @start, @end, @blocked, @status, @reason, 0, @created, 3)
                """,
                ("id", visit.Id), ("doctor", doctor.Id), ("clinic", doctor.ClinicId), ("type", doctor.TypeId), ("patient", patientId),
                ("start", start.ToDateTimeUtc()), ("end", end.ToDateTimeUtc()), ("blocked", (end + Duration.FromMinutes(doctor.Buffer)).ToDateTimeUtc()),
                ("status", AppointmentStatus.Completed.ToString()),
                ("reason", protector.Seal(reasons[i % reasons.Length], visit.Id, Appointment.ReasonColumn)),
                ("created", booked.ToDateTimeUtc()));
            // What Appointment.Book with auto-confirm records, then the doctor completing the visit (as the generator writes).
            await ExecuteAsync(connection, """
                INSERT INTO "AppointmentHistory" ("AppointmentId", "At", "Actor", "ByAccountId", "FromStatus", "ToStatus", "Reason") VALUES
                    (@id, @booked, 'Patient', @patient, NULL, 'Requested', NULL),
                    (@id, @booked, 'System', NULL, 'Requested', 'Confirmed', 'Confirmed automatically by the clinic'),
                    (@id, @done, 'Doctor', @doctorAccount, 'Confirmed', 'Completed', NULL)
                """,
                ("id", visit.Id), ("booked", booked.ToDateTimeUtc()), ("patient", patientId), ("done", (end + Duration.FromMinutes(5)).ToDateTimeUtc()),
                ("doctorAccount", doctorAccountId));
            visits.Add(visit);
        }
        return visits;
    }

    private static async Task<(int Entries, int Versions)> InsertHistoryAsync(NpgsqlConnection connection, Doctor doctor, Guid patientId, Guid doctorAccountId,
        List<RecordKind> plan, List<Visit> visits, Random random, Instant now, FieldProtector protector)
    {
        var oldest = visits.Count > 0 ? visits[^1].Start : now - Duration.FromDays(4 * 365);
        var span = (now - Duration.FromDays(1) - oldest).TotalMinutes;
        var nextVisit = 0;
        var versionCount = 0;
        foreach (var kind in plan)
        {
            var byPatient = kind == RecordKind.PatientReported;
            var author = byPatient ? patientId : doctorAccountId;
            Guid? appointmentId = null;
            Instant created;
            if (kind == RecordKind.VisitNote)
            {
                var visit = visits[nextVisit++];
                appointmentId = visit.Id;
                created = visit.End + Duration.FromMinutes(random.Next(10, 240));
            }
            else
            {
                created = oldest + Duration.FromMinutes(random.NextDouble() * span);
            }

            // A sixth of the entries amended once, a twentieth twice, each some days after the version before.
            var roll = random.NextDouble();
            var versionsOfEntry = roll < 0.05 ? 3 : roll < 0.2 ? 2 : 1;
            var writtenAt = new List<Instant> { created };
            for (var v = 1; v < versionsOfEntry; v++)
            {
                var next = writtenAt[^1] + Duration.FromMinutes(random.Next(60, 30 * 24 * 60));
                writtenAt.Add(next < now ? next : writtenAt[^1] + (now - writtenAt[^1]) / 2);
            }

            var entryId = Guid.CreateVersion7(created.ToDateTimeOffset());
            await ExecuteAsync(connection, """
                INSERT INTO "RecordEntries" ("Id", "PatientId", "Kind", "AppointmentId", "DoctorId", "AuthorId", "CreatedAt", "UpdatedAt", "VersionCount")
                VALUES (@id, @patient, @kind, @appointment, @doctor, @author, @created, @updated, @versions)
                """,
                ("id", entryId), ("patient", patientId), ("kind", kind.ToString()), ("appointment", (object?)appointmentId ?? DBNull.Value),
                ("doctor", byPatient ? DBNull.Value : doctor.Id), ("author", author), ("created", created.ToDateTimeUtc()),
                ("updated", writtenAt[^1].ToDateTimeUtc()), ("versions", versionsOfEntry));

            for (var number = 1; number <= versionsOfEntry; number++)
            {
                var versionId = Guid.CreateVersion7(writtenAt[number - 1].ToDateTimeOffset());
                var json = JsonSerializer.Serialize(Content(kind, random), ContentJson);
                var reason = number == 1 ? null : ChartTexts.AmendmentReasons[random.Next(ChartTexts.AmendmentReasons.Length)];
                await ExecuteAsync(connection, """
                    INSERT INTO "RecordEntryVersions" ("Id", "EntryId", "Number", "AuthorId", "WrittenAt", "Content", "AmendmentReason")
                    VALUES (@id, @entry, @number, @author, @written, @content, @reason)
                    """,
                    ("id", versionId), ("entry", entryId), ("number", number), ("author", author), ("written", writtenAt[number - 1].ToDateTimeUtc()),
                    ("content", protector.Seal(json, versionId, RecordEntryVersion.ContentColumn)),
                    ("reason", reason is null ? DBNull.Value : protector.Seal(reason, versionId, RecordEntryVersion.AmendmentReasonColumn)));
                versionCount++;
            }
        }
        return (plan.Count, versionCount);
    }

    /// <summary>A visit note fills every clinical field; the other kinds a title and details, as the app's forms write them.</summary>
    private static RecordContent Content(RecordKind kind, Random random)
    {
        T Pick<T>(T[] items) => items[random.Next(items.Length)];
        switch (kind)
        {
            case RecordKind.VisitNote:
                var (diagnosis, code) = Pick(ChartTexts.Diagnoses);
                return new RecordContent(
                    Summary: $"{Pick(ChartTexts.SummaryOpenings)} {Pick(ChartTexts.SummaryDetails)}",
                    Findings: $"{Pick(ChartTexts.Findings)} {Pick(ChartTexts.Findings)}",
                    Diagnosis: diagnosis,
                    DiagnosisCode: code,
                    Prescriptions: $"{Pick(ChartTexts.Prescriptions)} {Pick(ChartTexts.Prescriptions)}",
                    FollowUp: $"{Pick(ChartTexts.FollowUps)} {Pick(ChartTexts.FollowUps)}");
            default:
                var (title, details) = Pick(kind switch
                {
                    RecordKind.Allergy => ChartTexts.Allergies,
                    RecordKind.Condition => ChartTexts.Conditions,
                    _ => ChartTexts.PatientReported,
                });
                return new RecordContent(Title: title, Summary: details);
        }
    }
}
