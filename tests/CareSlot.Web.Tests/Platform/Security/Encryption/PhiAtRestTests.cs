using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Operations.Backups;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Features.Notifications.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

/// <summary>Every log line the app writes, at every level, kept for the marker test to search.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>Verbose enough that EF's commands and every request are logged, as a debugging operator might set it.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
    };

    public static Dictionary<string, string?> Over(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in Settings) settings[key] = value;
        return settings;
    }

    public string Text => string.Join('\n', lines);

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Writer(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class PhiMarkerSqliteApp : SqliteApp
{
    public CapturedLog Log { get; } = new();

    protected override Dictionary<string, string?> ExtraSettings => CapturedLog.Over(base.ExtraSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }
}

public sealed class PhiMarkerPostgresApp(PostgresServer server) : PostgresApp(server)
{
    public CapturedLog Log { get; } = new();

    protected override Dictionary<string, string?> ExtraSettings => CapturedLog.Over(base.ExtraSettings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }
}

public sealed class PhiAtRestTestsOnSqlite(PhiMarkerSqliteApp app) : PhiAtRestTests(app, app.Log), IClassFixture<PhiMarkerSqliteApp>
{
    protected override async Task<IReadOnlyList<(string Place, byte[] Content)>> DatabaseStorageAsync()
    {
        // Everything committed goes into the main file; what is left in the WAL is searched too.
        await App.CountAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var folder = Path.GetDirectoryName(App.DatabaseSettings["Database:SqlitePath"])!;
        return [.. Directory.EnumerateFiles(folder).Select(path => ($"SQLite {Path.GetFileName(path)}", ReadShared(path)))];
    }
}

public sealed class PhiAtRestTestsOnPostgres(PhiMarkerPostgresApp app, PostgresServer server) : PhiAtRestTests(app, app.Log), IClassFixture<PhiMarkerPostgresApp>
{
    /// <summary>The dump, and every file of the cluster's data directory: tables, indexes and the WAL (pg_wal).</summary>
    protected override async Task<IReadOnlyList<(string Place, byte[] Content)>> DatabaseStorageAsync()
    {
        // Dirty pages to the data files, so the files hold what a stolen disk would.
        await App.CountAsync("CHECKPOINT; SELECT 0");
        var places = new List<(string, byte[])> { ("pg_dump", await DumpAsync()) };
        foreach (var path in Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            // The cluster serves other tests meanwhile: a temporary file may go while it is listed.
            try
            {
                places.Add(($"PGDATA {Path.GetRelativePath(server.DataDirectory, path)}", ReadShared(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return places;
    }

    private async Task<byte[]> DumpAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(App.DatabaseSettings["ConnectionStrings:Postgres"]);
        var start = new ProcessStartInfo(Path.Combine(ServerTools.PostgresBinDirectory, "pg_dump")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", connection.Username!, "--no-password", connection.Database! })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        using var dump = new MemoryStream();
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.StandardOutput.BaseStream.CopyToAsync(dump, Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, await error);
        return dump.ToArray();
    }
}

/// <summary>
/// Health information is not at rest in the clear: every writer in <see cref="PhiWriters.All"/> writes a unique marker
/// as its users would, the notices it caused are delivered, and the marker is then searched for in the raw database (the
/// SQLite files; PostgreSQL's <c>pg_dump</c> and its data directory with the WAL), in every e-mail and SMS sent, in
/// every log line at every level, in another patient's data export and in a backup: not one hit, while those allowed still see it. A clinic's name written with a marker of
/// its own in the same way is found in the database, which shows that the search would see plaintext.
/// </summary>
public abstract class PhiAtRestTests(CareSlotApp app, CapturedLog log)
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected CareSlotApp App => app;

    /// <summary>Every place the database keeps bytes, read raw, after it has written everything down.</summary>
    protected abstract Task<IReadOnlyList<(string Place, byte[] Content)>> DatabaseStorageAsync();

    private async Task<IReadOnlyList<(string Place, byte[] Content)>> RawStorageAsync()
    {
        var places = new List<(string Place, byte[] Content)>(await DatabaseStorageAsync());
        Assert.True(Directory.Exists(app.MailboxPath), "No e-mail or SMS was sent: the mailbox would prove nothing.");
        places.AddRange(Directory.EnumerateFiles(app.MailboxPath, "*", SearchOption.AllDirectories)
            .Select(path => ($"mailbox {Path.GetFileName(path)}", ReadShared(path))));
        // Someone else's export, as any patient may download theirs, and a backup as the backup command writes it.
        var stranger = await Security.SecurityTestKit.SignInAsync(app, Security.Caller.Patient);
        var export = await stranger.Bearer.GetAsync(new Uri("/api/v1/account/export", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        places.Add(("export of another patient", await export.Content.ReadAsByteArrayAsync(Ct)));
        var backups = Directory.CreateTempSubdirectory("careslot-marker-backup-");
        try
        {
            using var said = new StringWriter();
            Assert.True(await BackupCommand.BackUpAsync(app.Services, ["backup", "--to", backups.FullName], said, Ct) == 0, said.ToString());
            places.AddRange(backups.EnumerateFiles().Select(file => ($"backup {file.Name}", File.ReadAllBytes(file.FullName))));
        }
        finally
        {
            backups.Delete(recursive: true);
        }
        var logged = log.Text;
        Assert.Contains("Executed DbCommand", logged, StringComparison.Ordinal);
        places.Add(("logs", Encoding.UTF8.GetBytes(logged)));
        return places;
    }

    protected static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task EveryWriterOfHealthInformation_LeavesNoPlaintextAtRest_AndAllowedReadersStillSeeIt()
    {
        var written = new List<(PhiWriter Writer, string Marker, Func<Task<string>> ReadBack)>();
        foreach (var writer in PhiWriters.All)
        {
            var marker = $"phimarker{Guid.NewGuid():N}";
            written.Add((writer, marker, await writer.WriteAsync(app, marker)));
        }
        var control = $"plainmarker{Guid.NewGuid():N}";
        var doctor = await app.CreateBookableDoctorAsync();
        await app.WithDbAsync(db => db.Clinics.Where(c => c.Id == doctor.ClinicId).ExecuteUpdateAsync(set => set.SetProperty(c => c.Name, control), Ct));

        // The e-mails and SMS the writes caused ("you have a new message", booking confirmations) go out.
        await app.DispatchAsync();
        var storage = await RawStorageAsync();

        Assert.NotEmpty(storage);
        var found = written.SelectMany(w => storage.Where(s => Contains(s.Content, w.Marker)).Select(s => $"{w.Writer.Name} in {s.Place}")).ToList();
        Assert.True(found.Count == 0, $"Plaintext at rest: {string.Join("; ", found)}");
        Assert.Contains(storage, s => (s.Place.StartsWith("SQLite", StringComparison.Ordinal) || s.Place == "pg_dump") && Contains(s.Content, control));
        foreach (var (writer, marker, readBack) in written) Assert.True((await readBack()).Contains(marker, StringComparison.Ordinal), $"{writer.Name}: not shown");
    }

    private static bool Contains(byte[] content, string marker) => content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;
}

/// <summary>
/// One writer of health information as its users write it: <see cref="WriteAsync"/> writes a text holding the marker and
/// answers how someone allowed reads it back (a page's or an answer's text, which must show the marker).
/// </summary>
public sealed record PhiWriter(string Name, Func<CareSlotApp, string, Task<Func<Task<string>>>> WriteAsync);

/// <summary>Every writer the marker test checks. A feature that seals something adds its writer here: notes, messages, attachments.</summary>
public static class PhiWriters
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyList<PhiWriter> All { get; } =
    [
        new("reason for visit", ReasonForVisitAsync),
        new("visit note and its amendment", VisitNoteAsync),
        new("message, its subject and its attachment", MessageAsync),
    ];

    /// <summary>
    /// A patient writes to their doctor with the marker in the subject and the body, then sends a PDF whose name and content
    /// hold it; the doctor's answer of the conversation and the downloaded file show it.
    /// </summary>
    private static async Task<Func<Task<string>>> MessageAsync(CareSlotApp app, string marker)
    {
        var care = await Features.Messaging.MessagingTestKit.CreateCareAsync(app);
        var started = await Features.Messaging.MessagingTestKit.StartOkAsync(care, $"Results {marker}", $"Question {marker}");
        byte[] pdf = [.. Features.Messaging.MessagingTestKit.Pdf, .. Encoding.UTF8.GetBytes($"%{marker}\n")];
        (await Features.Messaging.MessagingTestKit.SendFileAsync(care.Patient.Client, started.Id, pdf, $"scan-{marker}.pdf", "application/pdf")).EnsureSuccessStatusCode();
        return async () =>
        {
            var conversation = await Features.Messaging.MessagingTestKit.ConversationAsync(care.DoctorUser, started.Id);
            var attachment = conversation.Messages.SelectMany(m => m.Attachments).Single();
            var file = await care.DoctorUser.Client.GetByteArrayAsync(
                new Uri($"/api/v1/conversations/{started.Id}/attachments/{attachment.Id}", UriKind.Relative), Ct);
            return $"{conversation.Subject} {string.Join(' ', conversation.Messages.Select(m => m.Body))} {attachment.FileName} {Encoding.UTF8.GetString(file)}";
        };
    }

    /// <summary>A doctor writes a visit's note and amends it, each with the marker; the patient's page of the entry shows both.</summary>
    private static async Task<Func<Task<string>>> VisitNoteAsync(CareSlotApp app, string marker)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var patient = (await app.CreatePatientsAsync(1))[0];
        var visit = await Features.Records.RecordsTestKit.AddVisitAsync(app, doctor, patient.Id, NodaTime.Duration.FromDays(-1));
        var note = await Features.Records.RecordsTestKit.WriteNoteOkAsync(doctorUser, visit, $"Dizziness {marker}");
        var amended = await doctorUser.Client.PostAsJsonAsync($"/api/v1/history/{note.Id}/amendments",
            new CareSlot.Web.Features.Records.AmendmentRequest($"Corrected {marker}", null, $"Dizziness {marker}", null, null, null, null, null), Ct);
        Assert.Equal(HttpStatusCode.Created, amended.StatusCode);
        return async () => await (await patient.Client.GetAsync(new Uri($"/api/v1/history/{note.Id}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
    }

    /// <summary>A patient books through the API with the marker in the reason; the patient's appointment page shows it.</summary>
    private static async Task<Func<Task<string>>> ReasonForVisitAsync(CareSlotApp app, string marker)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await Security.SecurityTestKit.SignInAsync(app, Security.Caller.Patient);
        var response = await patient.Bearer.PostAsJsonAsync("/api/v1/appointments",
            new BookAppointmentRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 10), $"Headache since {marker}"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<AppointmentView>(Ct))!.Id;
        return async () => await (await patient.Browser.GetAsync(new Uri($"/appointments/{id}", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
    }
}
