using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Security.Encryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CareSlot.Bench.Generate;

/// <summary>
/// Fills a migrated, empty CareSlot database with COPY. The app's EF migrations own the schema; this
/// only writes rows the app itself could have written, so the loads exercise the real queries.
/// </summary>
public static class DatasetGenerator
{
    private static readonly LocalTime[] CellStarts =
    [
        .. Enumerable.Range(0, 7).Select(k => new LocalTime(9, 0).PlusMinutes(30 * k)),
        .. Enumerable.Range(0, 7).Select(k => new LocalTime(13, 30).PlusMinutes(30 * k)),
    ];

    /// <summary>
    /// Every visit fits one half-hour cell, and every zone used has whole-hour offsets, so two visits
    /// overlap only when they start at the same instant: that keeps both exclusion constraints easy to honour.
    /// </summary>
    private const int CellMinutes = 30;

    private static readonly string[] IdentityTables = ["Clinics", "Doctors", "Specialties", "AppointmentTypes", "WeeklyHours", "TimeOff"];

    private static readonly string[] TablesToEmpty =
    [
        "RecordEntryVersions", "RecordEntries", "AppointmentEvents", "AppointmentHistory", "SlotHolds", "Appointments", "BookingRules", "TimeOff", "ExtraHours",
        "WeeklyHours", "AppointmentTypes", "DoctorSpecialties", "DoctorClinics", "Doctors", "Clinics", "Specialties",
        "AspNetUserRoles", "AspNetUserClaims", "AspNetUserLogins", "AspNetUserTokens", "PhoneVerifications", "AspNetUsers",
    ];

    public static async Task<int> RunAsync(GenerateOptions options)
    {
        var total = Stopwatch.StartNew();
        var now = Instant.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
        var random = new Random(options.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generating {options.Doctors:N0} doctors, {options.Patients:N0} patients ({options.BookingPatients:N0} kept free for booking), {options.Appointments:N0} appointments around {now}."));

        var protector = PhiProtector();
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        if (!await PrepareAsync(connection, options.Reset)) return 1;

        var directory = BuildDirectory(options, random, now);
        CopyDirectory(connection, directory);

        var patients = CopyPatients(connection, options, random, now, await PatientRoleIdAsync(connection));
        var stats = CopyAppointments(connection, options, directory, patients, random, now, protector);

        await ExecuteAsync(connection, string.Join('\n', IdentityTables.Select(table => $"""SELECT setval(pg_get_serial_sequence('"{table}"', 'Id'), (SELECT COALESCE(MAX("Id"), 1) FROM "{table}"));""")));

        // A bulk-loaded table has no visibility map yet; vacuum too, so plans match a database autovacuum has settled.
        var analyze = Stopwatch.StartNew();
        Console.WriteLine("[vacuum analyze     ] running ...");
        await ExecuteAsync(connection, "VACUUM (ANALYZE)", timeoutSeconds: 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[vacuum analyze     ] done in {analyze.Elapsed.TotalSeconds:F1} s"));

        WriteLoadInputs(options, directory, patients, random, now, stats);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {total.Elapsed.TotalSeconds:F0} s. Load inputs are in {Path.GetFullPath(options.OutDirectory)}."));
        return 0;
    }

    private static async Task<bool> PrepareAsync(NpgsqlConnection connection, bool reset)
    {
        await using (var check = new NpgsqlCommand("""SELECT to_regclass('"Appointments"') IS NOT NULL""", connection))
        {
            if (await check.ExecuteScalarAsync() is not true)
            {
                await Console.Error.WriteLineAsync("The schema is missing: run `dotnet run --project src/CareSlot.Web -- migrate` against this database first.");
                return false;
            }
        }
        await using (var count = new NpgsqlCommand("""SELECT (SELECT count(*) FROM "Doctors") + (SELECT count(*) FROM "AspNetUsers")""", connection))
        {
            var rows = (long)(await count.ExecuteScalarAsync())!;
            if (rows > 0 && !reset)
            {
                await Console.Error.WriteLineAsync($"The database already holds {rows} doctors and accounts: pass --reset to empty it first.");
                return false;
            }
        }
        if (reset)
        {
            Console.WriteLine("Emptying the directory, scheduling, account and medical history tables ...");
            await ExecuteAsync(connection, $"TRUNCATE {string.Join(", ", TablesToEmpty.Select(t => $"\"{t}\""))} RESTART IDENTITY CASCADE", timeoutSeconds: 0);
        }
        return true;
    }

    private static async Task<Guid> PatientRoleIdAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""SELECT "Id" FROM "AspNetRoles" WHERE "NormalizedName" = @name""", connection);
        command.Parameters.AddWithValue("name", Roles.Patient.ToUpperInvariant());
        return await command.ExecuteScalarAsync() as Guid? ?? throw new InvalidOperationException("The Patient role is missing: the migrations seed it.");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, int timeoutSeconds = 30)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    // ---------------------------------------------------------------- directory

    private sealed record ClinicRow(int Id, string Name, string Address, City City, string Postcode, string Phone, double Latitude, double Longitude);

    private sealed record TypeRow(int Id, int DoctorId, string Name, int Duration, int Buffer, string Mode, bool ForNew, bool ForReturning);

    private sealed record DoctorRow(int Id, string Title, string Given, string Family, string[] Languages, bool AcceptingNew,
        int[] SpecialtyIds, ClinicRow[] Clinics, TypeRow[] Types, LocalDate? TimeOffStart)
    {
        public string SearchKey { get; init; } = "";

        /// <summary>Doctors at two clinics work Monday to Wednesday at the first and Thursday and Friday at the second.</summary>
        public ClinicRow ClinicOn(IsoDayOfWeek day) => Clinics.Length == 1 || day <= IsoDayOfWeek.Wednesday ? Clinics[0] : Clinics[1];

        public bool IsOff(LocalDate date) => TimeOffStart is { } start && date >= start && date < start.PlusDays(7);
    }

    private sealed record Listing(ClinicRow[] Clinics, DoctorRow[] Doctors);

    private static Listing BuildDirectory(GenerateOptions options, Random random, Instant now)
    {
        var clinicCount = Math.Max(ReferenceData.Cities.Length, options.Doctors / 33);
        var clinics = Enumerable.Range(1, clinicCount).Select(id =>
        {
            var city = ReferenceData.Cities[(id - 1) % ReferenceData.Cities.Length];
            var name = $"{city.Name} {ReferenceData.Districts[random.Next(ReferenceData.Districts.Length)]} {ReferenceData.ClinicKinds[random.Next(ReferenceData.ClinicKinds.Length)]} {id}";
            var subscriber = ((long)id * 7919 % (long)Math.Pow(10, city.SubscriberDigits - 1) + (long)Math.Pow(10, city.SubscriberDigits - 1) * 2)
                .ToString(CultureInfo.InvariantCulture);
            return new ClinicRow(id, name, $"{1 + random.Next(200)} {ReferenceData.Streets[random.Next(ReferenceData.Streets.Length)]}", city,
                city.Postcode(id), city.DialPrefix + subscriber, city.Latitude + (random.NextDouble() - 0.5) / 10, city.Longitude + (random.NextDouble() - 0.5) / 10);
        }).ToArray();
        var clinicsByCity = clinics.GroupBy(c => c.City).ToDictionary(g => g.Key, g => g.ToArray());

        var today = now.InUtc().Date;
        var nextMonday = today.Next(IsoDayOfWeek.Monday);
        var typeId = 0;
        var doctors = new DoctorRow[options.Doctors];
        for (var i = 0; i < doctors.Length; i++)
        {
            var id = i + 1;
            var first = clinics[random.Next(clinics.Length)];
            var sameCity = clinicsByCity[first.City];
            ClinicRow[] doctorClinics = random.NextDouble() < 0.2 && sameCity.Length > 1
                ? [first, sameCity.First(c => c != first)]
                : [first];
            var specialtyCount = random.NextDouble() < 0.25 ? 2 : 1;
            var specialties = Enumerable.Range(0, ReferenceData.Specialties.Length).OrderBy(_ => random.Next()).Take(specialtyCount).Order()
                .Select(index => index + 1).ToArray();

            var types = new List<TypeRow> { new(++typeId, id, "Consultation", 20, 10, "InPerson", true, true) };
            var followUp = random.NextDouble() < 0.6;
            var video = random.NextDouble() < 0.4;
            if (followUp || !video) types.Add(new(++typeId, id, "Follow-up", 15, 5, "InPerson", false, true));
            if (video) types.Add(new(++typeId, id, "Video consultation", 20, 5, "Video", true, true));

            var doctor = new DoctorRow(id, random.NextDouble() < 0.15 ? "Prof. Dr." : "Dr.",
                ReferenceData.GivenNames[random.Next(ReferenceData.GivenNames.Length)],
                ReferenceData.FamilyNames[random.Next(ReferenceData.FamilyNames.Length)],
                first.City.Languages, random.NextDouble() < 0.95, specialties, doctorClinics, [.. types],
                random.NextDouble() < 0.1 ? nextMonday.PlusWeeks(random.Next(2, 20)) : null);
            doctors[i] = doctor with { SearchKey = SearchKeyOf(doctor) };
        }
        return new Listing(clinics, doctors);
    }

    /// <summary>The same text as <see cref="Doctor.RefreshSearchKey"/> builds.</summary>
    private static string SearchKeyOf(DoctorRow doctor) =>
        SearchText.Fold(string.Join(' ', new[] { doctor.Title, doctor.Given, doctor.Family }
            .Concat(doctor.SpecialtyIds.Select(id => ReferenceData.Specialties[id - 1].Name))
            .Concat(doctor.Clinics.SelectMany(c => new[] { c.Name, c.City.Name, c.Postcode }))));

    private static void CopyDirectory(NpgsqlConnection connection, Listing directory)
    {
        Copy(connection, "specialties", "Specialties", ["Id", "Slug", "Name"], ReferenceData.Specialties.Length,
            ReferenceData.Specialties.Select((s, i) => (Id: i + 1, s.Slug, s.Name)), (w, s) =>
            {
                w.Write(s.Id, NpgsqlDbType.Integer);
                w.Write(s.Slug, NpgsqlDbType.Varchar);
                w.Write(s.Name, NpgsqlDbType.Varchar);
            });

        // Each clinic gets the rules the app gives a new one (auto-confirm, two upcoming per doctor): the schema has no
        // column defaults since the migrations were folded (ADR 0006), so every column is written.
        var policy = new ClinicPolicy();
        Copy(connection, "clinics", "Clinics",
            ["Id", "Name", "AddressLine", "City", "CityKey", "Postcode", "CountryCode", "Latitude", "Longitude", "TimeZoneId", "Phone",
             "Policy_AutoConfirm", "Policy_CancellationLimitHours", "Policy_MaxReschedules", "Policy_MaxUpcomingPerDoctor", "Policy_RescheduleLimitHours"],
            directory.Clinics.Length, directory.Clinics, (w, c) =>
            {
                w.Write(c.Id, NpgsqlDbType.Integer);
                w.Write(c.Name, NpgsqlDbType.Varchar);
                w.Write(c.Address, NpgsqlDbType.Varchar);
                w.Write(c.City.Name, NpgsqlDbType.Varchar);
                w.Write(SearchText.Fold(c.City.Name), NpgsqlDbType.Varchar);
                w.Write(c.Postcode, NpgsqlDbType.Varchar);
                w.Write(c.City.CountryCode, NpgsqlDbType.Varchar);
                w.Write(c.Latitude, NpgsqlDbType.Double);
                w.Write(c.Longitude, NpgsqlDbType.Double);
                w.Write(c.City.TimeZoneId, NpgsqlDbType.Varchar);
                w.Write(c.Phone, NpgsqlDbType.Varchar);
                w.Write(policy.AutoConfirm, NpgsqlDbType.Boolean);
                w.Write(policy.CancellationLimitHours, NpgsqlDbType.Integer);
                w.Write(policy.MaxReschedules, NpgsqlDbType.Integer);
                w.Write(policy.MaxUpcomingPerDoctor, NpgsqlDbType.Integer);
                w.Write(policy.RescheduleLimitHours, NpgsqlDbType.Integer);
            });

        var doctors = directory.Doctors;
        Copy(connection, "doctors", "Doctors",
            ["Id", "Title", "GivenName", "FamilyName", "Bio", "Languages", "AcceptingNewPatients", "IsListed", "Review", "SearchKey", "AccountId", "LicenceNumber"],
            doctors.Length, doctors, (w, d) =>
            {
                w.Write(d.Id, NpgsqlDbType.Integer);
                w.Write(d.Title, NpgsqlDbType.Varchar);
                w.Write(d.Given, NpgsqlDbType.Varchar);
                w.Write(d.Family, NpgsqlDbType.Varchar);
                w.Write($"{ReferenceData.Specialties[d.SpecialtyIds[0] - 1].Name} at {d.Clinics[0].Name}.", NpgsqlDbType.Varchar);
                w.Write(d.Languages, NpgsqlDbType.Array | NpgsqlDbType.Text);
                w.Write(d.AcceptingNew, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write("Approved", NpgsqlDbType.Varchar);
                w.Write(d.SearchKey, NpgsqlDbType.Varchar);
                w.WriteNull();
                w.WriteNull();
            });

        Copy(connection, "doctor specialties", "DoctorSpecialties", ["DoctorsId", "SpecialtiesId"], doctors.Sum(d => d.SpecialtyIds.Length),
            doctors.SelectMany(d => d.SpecialtyIds.Select(s => (d.Id, s))), (w, row) =>
            {
                w.Write(row.Id, NpgsqlDbType.Integer);
                w.Write(row.s, NpgsqlDbType.Integer);
            });

        Copy(connection, "doctor clinics", "DoctorClinics", ["ClinicsId", "DoctorsId"], doctors.Sum(d => d.Clinics.Length),
            doctors.SelectMany(d => d.Clinics.Select(c => (ClinicId: c.Id, DoctorId: d.Id))), (w, row) =>
            {
                w.Write(row.ClinicId, NpgsqlDbType.Integer);
                w.Write(row.DoctorId, NpgsqlDbType.Integer);
            });

        Copy(connection, "appointment types", "AppointmentTypes",
            ["Id", "DoctorId", "Name", "DurationMinutes", "BufferAfterMinutes", "Mode", "ForNewPatients", "ForReturningPatients", "IsOffered"],
            doctors.Sum(d => d.Types.Length), doctors.SelectMany(d => d.Types), (w, t) =>
            {
                w.Write(t.Id, NpgsqlDbType.Integer);
                w.Write(t.DoctorId, NpgsqlDbType.Integer);
                w.Write(t.Name, NpgsqlDbType.Varchar);
                w.Write(t.Duration, NpgsqlDbType.Integer);
                w.Write(t.Buffer, NpgsqlDbType.Integer);
                w.Write(t.Mode, NpgsqlDbType.Varchar);
                w.Write(t.ForNew, NpgsqlDbType.Boolean);
                w.Write(t.ForReturning, NpgsqlDbType.Boolean);
                w.Write(true, NpgsqlDbType.Boolean);
            });

        var weekdays = new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday };
        var weekly = doctors.SelectMany(d => weekdays.SelectMany(day => new[]
        {
            (d.Id, Clinic: d.ClinicOn(day).Id, Kind: "Working", Day: day, Start: new TimeOnly(9, 0), End: new TimeOnly(17, 0)),
            (d.Id, Clinic: d.ClinicOn(day).Id, Kind: "Break", Day: day, Start: new TimeOnly(12, 30), End: new TimeOnly(13, 30)),
        }));
        var weeklyId = 0;
        Copy(connection, "weekly hours", "WeeklyHours", ["Id", "DoctorId", "ClinicId", "Kind", "Day", "Start", "End"], doctors.Length * 10L,
            weekly, (w, h) =>
            {
                w.Write(++weeklyId, NpgsqlDbType.Integer);
                w.Write(h.Id, NpgsqlDbType.Integer);
                w.Write(h.Clinic, NpgsqlDbType.Integer);
                w.Write(h.Kind, NpgsqlDbType.Varchar);
                w.Write((int)h.Day, NpgsqlDbType.Integer);
                w.Write(h.Start, NpgsqlDbType.Time);
                w.Write(h.End, NpgsqlDbType.Time);
            });

        var holidays = doctors.Where(d => d.TimeOffStart is not null).ToArray();
        Copy(connection, "time off", "TimeOff", ["Id", "DoctorId", "Start", "End", "Note"], holidays.Length, holidays, (w, d) =>
        {
            var start = d.TimeOffStart!.Value;
            w.Write(d.Id, NpgsqlDbType.Integer);
            w.Write(d.Id, NpgsqlDbType.Integer);
            w.Write(start.AtMidnight().ToDateTimeUnspecified(), NpgsqlDbType.Timestamp);
            w.Write(start.PlusDays(7).AtMidnight().ToDateTimeUnspecified(), NpgsqlDbType.Timestamp);
            w.Write("Holiday", NpgsqlDbType.Varchar);
        });
    }

    // ---------------------------------------------------------------- patients

    private static Guid[] CopyPatients(NpgsqlConnection connection, GenerateOptions options, Random random, Instant now, Guid patientRoleId)
    {
        // One hash for every row: hashing 200,000 passwords at 210,000 iterations would take hours, and sign-in cost is the same.
        var hasher = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = AccountsRegistration.PasswordHashIterations,
        }));
        var hash = hasher.HashPassword(new Account(), GenerateOptions.PatientPassword);
        var termsVersion = new AccountOptions().TermsVersion;

        var ids = new Guid[options.Patients];
        for (var i = 0; i < ids.Length; i++) ids[i] = RandomGuid(random);

        Copy(connection, "patients", "AspNetUsers",
            ["Id", "FullName", "DateOfBirth", "CreatedAt", "TermsAcceptedAt", "TermsVersion", "UserName", "NormalizedUserName", "Email",
             "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed",
             "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount", "Address", "EmailReminders", "EmergencyContactName",
             "EmergencyContactPhone", "PreferredLanguage", "SmsUpdates"],
            ids.Length, Enumerable.Range(0, ids.Length), (w, i) =>
            {
                var email = PatientEmail(i);
                var created = now - Duration.FromMinutes(random.Next(60, 3 * 365 * 24 * 60));
                w.Write(ids[i], NpgsqlDbType.Uuid);
                w.Write($"{ReferenceData.GivenNames[random.Next(ReferenceData.GivenNames.Length)]} {ReferenceData.FamilyNames[random.Next(ReferenceData.FamilyNames.Length)]}", NpgsqlDbType.Varchar);
                w.Write(new DateOnly(1940, 1, 1).AddDays(random.Next(365 * 65)), NpgsqlDbType.Date);
                w.Write(created.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(created.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(termsVersion, NpgsqlDbType.Varchar);
                w.Write(email, NpgsqlDbType.Varchar);
                w.Write(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
                w.Write(email, NpgsqlDbType.Varchar);
                w.Write(email.ToUpperInvariant(), NpgsqlDbType.Varchar);
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(hash, NpgsqlDbType.Text);
                w.Write(SecurityStamp(random), NpgsqlDbType.Text);
                w.Write(RandomGuid(random).ToString(), NpgsqlDbType.Text);
                w.WriteNull();
                w.Write(false, NpgsqlDbType.Boolean);
                w.Write(false, NpgsqlDbType.Boolean);
                w.WriteNull();
                w.Write(true, NpgsqlDbType.Boolean);
                w.Write(0, NpgsqlDbType.Integer);
                w.WriteNull();
                w.Write(true, NpgsqlDbType.Boolean);
                w.WriteNull();
                w.WriteNull();
                w.Write("en", NpgsqlDbType.Varchar);
                w.Write(true, NpgsqlDbType.Boolean);
            });

        Copy(connection, "patient roles", "AspNetUserRoles", ["UserId", "RoleId"], ids.Length, ids, (w, id) =>
        {
            w.Write(id, NpgsqlDbType.Uuid);
            w.Write(patientRoleId, NpgsqlDbType.Uuid);
        });
        return ids;
    }

    public static string PatientEmail(int index) => string.Create(CultureInfo.InvariantCulture, $"patient{index + 1:D7}@bench.careslot.test");

    private static Guid RandomGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>Like Identity's: 20 random bytes in Base32.</summary>
    private static string SecurityStamp(Random random)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Span<char> chars = stackalloc char[32];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[random.Next(Alphabet.Length)];
        return new string(chars);
    }

    // ---------------------------------------------------------------- appointments

    private struct Visit
    {
        public Instant Start;
        public int DoctorId;
        public int ClinicId;
        public int TypeId;
        public int Duration;
        public int Buffer;
    }

    public sealed record AppointmentStats(long Appointments, long History, int PerStartMaximum, LocalDate FirstDate, LocalDate LastDate);

    /// <summary>
    /// Reasons are sealed as the app seals them, with the key ring the app will run with: the same settings from the
    /// environment (run.sh sets <c>Security__PhiKeys__Folder</c>), so the dataset holds no plaintext reason either.
    /// </summary>
    internal static FieldProtector PhiProtector()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var keys = configuration.GetSection(PhiKeysOptions.Section).Get<PhiKeysOptions>() ?? new();
        var environment = new HostingEnvironment { EnvironmentName = Environments.Production, ContentRootPath = Directory.GetCurrentDirectory() };
        return new FieldProtector(PhiKeySources.Load(keys, configuration, environment, NullLogger.Instance));
    }

    private static AppointmentStats CopyAppointments(NpgsqlConnection connection, GenerateOptions options, Listing directory, Guid[] patients,
        Random random, Instant now, FieldProtector protector)
    {
        var today = now.InUtc().Date;
        var firstDate = today.PlusDays(-182);
        var lastDate = today.PlusDays(182);
        var dates = Enumerable.Range(0, Period.Between(firstDate, lastDate, PeriodUnits.Days).Days + 1)
            .Select(firstDate.PlusDays).Where(d => d.DayOfWeek <= IsoDayOfWeek.Friday).ToArray();

        var visits = new Visit[options.Appointments];
        var perDoctor = options.Appointments / directory.Doctors.Length;
        var extra = options.Appointments % directory.Doctors.Length;
        var cellsPerDoctor = dates.Length * CellStarts.Length;
        if (perDoctor + 1 > cellsPerDoctor)
        {
            throw new ArgumentException($"At most {cellsPerDoctor:N0} appointments per doctor fit in a year of working hours: add doctors or ask for fewer appointments.");
        }

        var planning = new Progress("planning visits", options.Appointments, "visits");
        var next = 0;
        var chosen = new HashSet<int>();
        foreach (var doctor in directory.Doctors)
        {
            var count = perDoctor + (doctor.Id <= extra ? 1 : 0);
            var zone = DateTimeZoneProviders.Tzdb[doctor.Clinics[0].City.TimeZoneId];
            chosen.Clear();
            while (chosen.Count < count)
            {
                var cell = random.Next(cellsPerDoctor);
                if (!doctor.IsOff(dates[cell / CellStarts.Length])) chosen.Add(cell);
            }
            foreach (var cell in chosen)
            {
                var date = dates[cell / CellStarts.Length];
                var type = doctor.Types[random.Next(doctor.Types.Length)];
                visits[next++] = new Visit
                {
                    Start = date.At(CellStarts[cell % CellStarts.Length]).InZoneLeniently(zone).ToInstant(),
                    DoctorId = doctor.Id,
                    ClinicId = doctor.ClinicOn(date.DayOfWeek).Id,
                    TypeId = type.Id,
                    Duration = type.Duration,
                    Buffer = type.Buffer,
                };
            }
            planning.Add(count);
        }
        planning.Finish();

        // Consecutive visits in start order get consecutive patients, so visits starting together never share one.
        Array.Sort(visits, (a, b) => a.Start.CompareTo(b.Start));
        var assignable = patients.Length - options.BookingPatients;
        var perStartMaximum = 0;
        for (int i = 0, run = 0; i < visits.Length; i++)
        {
            run = i > 0 && visits[i].Start == visits[i - 1].Start ? run + 1 : 1;
            perStartMaximum = Math.Max(perStartMaximum, run);
        }
        if (perStartMaximum > assignable)
        {
            throw new ArgumentException($"{perStartMaximum} visits start at one instant but only {assignable} patients can take them: add patients.");
        }

        var statuses = new AppointmentStatus[visits.Length];
        var patientIndexes = new int[visits.Length];
        var createdAt = new Instant[visits.Length];
        var ids = new Guid[visits.Length];
        var historyCount = 0L;
        for (var i = 0; i < visits.Length; i++)
        {
            var visit = visits[i];
            var roll = random.NextDouble();
            statuses[i] = visit.Start < now
                ? roll < 0.80 ? AppointmentStatus.Completed : roll < 0.88 ? AppointmentStatus.NoShow : AppointmentStatus.Cancelled
                : roll < 0.95 ? AppointmentStatus.Confirmed : AppointmentStatus.Cancelled;
            patientIndexes[i] = i % assignable;
            var created = visit.Start - Duration.FromMinutes(random.Next(24 * 60, 30 * 24 * 60));
            createdAt[i] = created < now ? created : now - Duration.FromMinutes(random.Next(1, 24 * 60));
            ids[i] = Guid.CreateVersion7(createdAt[i].ToDateTimeOffset());
            historyCount += statuses[i] == AppointmentStatus.Confirmed ? 2 : 3;
        }

        Copy(connection, "appointments", "Appointments",
            ["Id", "DoctorId", "ClinicId", "AppointmentTypeId", "PatientId", "Start", "End", "BlockedUntil", "Status", "Reason", "RescheduleCount", "CreatedAt", "Version"],
            visits.Length, Enumerable.Range(0, visits.Length), (w, i) =>
            {
                var visit = visits[i];
                var end = visit.Start + Duration.FromMinutes(visit.Duration);
                w.Write(ids[i], NpgsqlDbType.Uuid);
                w.Write(visit.DoctorId, NpgsqlDbType.Integer);
                w.Write(visit.ClinicId, NpgsqlDbType.Integer);
                w.Write(visit.TypeId, NpgsqlDbType.Integer);
                w.Write(patients[patientIndexes[i]], NpgsqlDbType.Uuid);
                w.Write(visit.Start.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(end.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write((end + Duration.FromMinutes(visit.Buffer)).ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(statuses[i].ToString(), NpgsqlDbType.Varchar);
                w.Write(protector.Seal(ReferenceData.Reasons[i % ReferenceData.Reasons.Length], ids[i], Appointment.ReasonColumn), NpgsqlDbType.Varchar);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write(createdAt[i].ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(statuses[i] == AppointmentStatus.Confirmed ? 2 : 3, NpgsqlDbType.Integer);
            });

        Copy(connection, "history", "AppointmentHistory",
            ["AppointmentId", "At", "Actor", "ByAccountId", "FromStatus", "ToStatus", "FromStart", "ToStart", "Reason"],
            historyCount, Enumerable.Range(0, visits.Length).SelectMany(i => HistoryOf(i, visits[i], statuses[i], createdAt[i], patients[patientIndexes[i]], now)),
            (w, h) =>
            {
                w.Write(ids[h.AppointmentIndex], NpgsqlDbType.Uuid);
                w.Write(h.At.ToDateTimeUtc(), NpgsqlDbType.TimestampTz);
                w.Write(h.Actor.ToString(), NpgsqlDbType.Varchar);
                WriteNullable(w, h.By, NpgsqlDbType.Uuid);
                WriteNullable(w, h.From?.ToString(), NpgsqlDbType.Varchar);
                w.Write(h.To.ToString(), NpgsqlDbType.Varchar);
                w.WriteNull();
                w.WriteNull();
                WriteNullable(w, h.Reason, NpgsqlDbType.Varchar);
            });

        return new AppointmentStats(visits.Length, historyCount, perStartMaximum, firstDate, lastDate);
    }

    private readonly record struct HistoryRow(int AppointmentIndex, Instant At, Actor Actor, Guid? By, AppointmentStatus? From, AppointmentStatus To, string? Reason);

    /// <summary>What <c>Appointment.Book</c> with auto-confirm records, then the visit's outcome.</summary>
    private static IEnumerable<HistoryRow> HistoryOf(int index, Visit visit, AppointmentStatus status, Instant created, Guid patient, Instant now)
    {
        yield return new(index, created, Actor.Patient, patient, null, AppointmentStatus.Requested, null);
        yield return new(index, created, Actor.System, null, AppointmentStatus.Requested, AppointmentStatus.Confirmed, "Confirmed automatically by the clinic");
        if (status == AppointmentStatus.Confirmed) yield break;
        var end = visit.Start + Duration.FromMinutes(visit.Duration);
        if (status == AppointmentStatus.Cancelled)
        {
            var latest = visit.Start < now ? visit.Start : now;
            yield return new(index, created + (latest - created) / 2, Actor.Patient, patient, AppointmentStatus.Confirmed, status, "Cannot make it");
        }
        else
        {
            yield return new(index, end + Duration.FromMinutes(5), Actor.Doctor, null, AppointmentStatus.Confirmed, status, null);
        }
    }

    // ---------------------------------------------------------------- COPY

    private static void Copy<T>(NpgsqlConnection connection, string label, string table, string[] columns, long count, IEnumerable<T> rows,
        Action<NpgsqlBinaryImporter, T> write)
    {
        var progress = new Progress(label, count);
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)";
        using (var importer = connection.BeginBinaryImport(sql))
        {
            importer.Timeout = TimeSpan.FromHours(1);
            foreach (var row in rows)
            {
                importer.StartRow();
                write(importer, row);
                progress.Add();
            }
            importer.Complete();
        }
        progress.Finish();
    }

    private static void WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
    {
        if (value is null) writer.WriteNull();
        else writer.Write(value, type);
    }

    // ---------------------------------------------------------------- load inputs

    private static void WriteLoadInputs(GenerateOptions options, Listing directory, Guid[] patients, Random random, Instant now, AppointmentStats stats)
    {
        System.IO.Directory.CreateDirectory(options.OutDirectory);

        // Every offered type of every doctor: the slot lookup load picks lines at random.
        File.WriteAllLines(Path.Combine(options.OutDirectory, "slot-paths.txt"), directory.Doctors.SelectMany(d => d.Types)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"/api/v1/doctors/{t.DoctorId}/slots?appointmentTypeId={t.Id}")));

        File.WriteAllLines(Path.Combine(options.OutDirectory, "search-paths.txt"),
            Enumerable.Range(0, 5_000).Select(_ => SearchPath(directory, random)));

        // First visits of doctors who take new patients: the generated booking patients are all new to every doctor.
        File.WriteAllLines(Path.Combine(options.OutDirectory, "bookable.txt"), directory.Doctors.Where(d => d.AcceptingNew)
            .Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Id} {d.Types.First(t => t.ForNew && t.Mode == "InPerson").Id}")));

        File.WriteAllLines(Path.Combine(options.OutDirectory, "booking-patients.txt"),
            Enumerable.Range(patients.Length - options.BookingPatients, options.BookingPatients).Select(PatientEmail));

        var summary = new
        {
            generatedAt = now.ToString(),
            options.Doctors,
            clinics = directory.Clinics.Length,
            options.Patients,
            options.BookingPatients,
            appointments = stats.Appointments,
            history = stats.History,
            appointmentTypes = directory.Doctors.Sum(d => d.Types.Length),
            firstDate = stats.FirstDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            lastDate = stats.LastDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            mostVisitsAtOneInstant = stats.PerStartMaximum,
            password = GenerateOptions.PatientPassword,
            options.Seed,
        };
        File.WriteAllText(Path.Combine(options.OutDirectory, "dataset.json"), JsonSerializer.Serialize(summary, IndentedJson));
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>A mix of the directory's searches, weighted towards the common "specialty in my city".</summary>
    private static string SearchPath(Listing directory, Random random)
    {
        var clinic = directory.Clinics[random.Next(directory.Clinics.Length)];
        var specialty = ReferenceData.Specialties[random.Next(ReferenceData.Specialties.Length)].Slug;
        var city = random.NextDouble() < 0.5 ? clinic.City.Name : SearchText.Fold(clinic.City.Name);
        var family = ReferenceData.FamilyNames[random.Next(ReferenceData.FamilyNames.Length)];
        var query = new StringBuilder("/api/v1/doctors?");
        var roll = random.NextDouble();
        if (roll < 0.50) query.Append("specialty=").Append(specialty).Append("&city=").Append(Uri.EscapeDataString(city));
        else if (roll < 0.60) query.Append("city=").Append(Uri.EscapeDataString(city));
        else if (roll < 0.70) query.Append("specialty=").Append(specialty);
        else if (roll < 0.85) query.Append("q=").Append(Uri.EscapeDataString(family));
        else if (roll < 0.95) query.Append("q=").Append(Uri.EscapeDataString(family)).Append("&city=").Append(Uri.EscapeDataString(city));
        else query.Append("city=").Append(Uri.EscapeDataString(clinic.Postcode));
        return query.ToString();
    }
}
