using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Records;

public sealed class RecordsAccessMatrixTestsOnSqlite(SqliteApp app) : RecordsAccessMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class RecordsAccessMatrixTestsOnPostgres(PostgresApp app) : RecordsAccessMatrixTests(app), IClassFixture<PostgresApp>;

/// <summary>Who reads and writes one patient's medical history: the ten callers against every records route.</summary>
public enum RecordCaller
{
    Patient,
    OtherPatient,
    DoctorInCare,
    DoctorWhoseCareEnded,
    DoctorNeverSeen,
    DoctorInCareWithoutSecondFactor,
    Admin,
    AdminWithBreakGlass,
    Support,
    Anonymous,
}

/// <summary>
/// The resource-level authorization matrix of medical records: every route × every caller, with the patient's real ids.
/// Allowed callers get an answer (2xx, or a redirect on to the note); everyone else gets 404 — never 403, so nothing
/// reveals that the record exists — except an anonymous caller, who is asked to sign in. Pages are called with the same
/// bearer sessions (their policy takes cookie or bearer); the page forms post to the same use cases as the API rows.
/// </summary>
public abstract class RecordsAccessMatrixTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RecordCaller[] Readers = [RecordCaller.Patient, RecordCaller.DoctorInCare, RecordCaller.AdminWithBreakGlass];
    private static readonly RecordCaller[] Writers = [RecordCaller.Patient, RecordCaller.DoctorInCare];
    private static readonly RecordCaller[] TheVisitsDoctor = [RecordCaller.DoctorInCare];

    private sealed record Route(string Method, string Url, RecordCaller[] Allowed, Func<RecordCaller, object?>? Body = null)
    {
        public bool IsApi => Url.StartsWith("/api/", StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRecordsRoute_AnswersEveryCaller_AsTheCareRelationshipSays()
    {
        var patient = (await app.CreatePatientsAsync(1))[0];
        var inCare = await app.CreateBookableDoctorAsync();
        var inCareUser = await app.CreateDoctorUserAsync(inCare);
        var visit = await app.AddVisitAsync(inCare, patient.Id, Duration.FromDays(-2));
        var noteVisit = await app.AddVisitAsync(inCare, patient.Id, Duration.FromDays(-1));
        var note = await inCareUser.WriteNoteOkAsync(visit);
        var ended = await app.CreateBookableDoctorAsync();
        await app.AddVisitAsync(ended, patient.Id, Duration.FromDays(-400));
        var neverSeen = await app.CreateBookableDoctorAsync();
        var withoutSecondFactor = await app.CreateBookableDoctorAsync();
        await app.AddVisitAsync(withoutSecondFactor, patient.Id, Duration.FromDays(5));
        var breakGlassAdmin = await app.CreateApiUserAsync(Roles.Admin, multiFactor: true);
        await app.OpenBreakGlassAsync(breakGlassAdmin.Id, patient.Id);
        var callers = new Dictionary<RecordCaller, HttpClient>
        {
            [RecordCaller.Patient] = patient.Client,
            [RecordCaller.OtherPatient] = (await app.CreatePatientsAsync(1))[0].Client,
            [RecordCaller.DoctorInCare] = inCareUser.Client,
            [RecordCaller.DoctorWhoseCareEnded] = (await app.CreateDoctorUserAsync(ended)).Client,
            [RecordCaller.DoctorNeverSeen] = (await app.CreateDoctorUserAsync(neverSeen)).Client,
            [RecordCaller.DoctorInCareWithoutSecondFactor] = (await app.CreateDoctorUserAsync(withoutSecondFactor, multiFactor: false)).Client,
            [RecordCaller.Admin] = (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client,
            [RecordCaller.AdminWithBreakGlass] = breakGlassAdmin.Client,
            [RecordCaller.Support] = (await app.CreateApiUserAsync(Roles.Support, multiFactor: true)).Client,
            [RecordCaller.Anonymous] = app.CreateBrowserClient(),
        };
        Route[] routes =
        [
            new("GET", $"/api/v1/patients/{patient.Id}/history", Readers),
            new("POST", $"/api/v1/patients/{patient.Id}/history", Writers,
                caller => new RecordEntryRequest(caller == RecordCaller.Patient ? "patient-reported" : "allergy", "Penicillin", "Hives")),
            new("GET", $"/api/v1/history/{note.Id}", Readers),
            new("POST", $"/api/v1/history/{note.Id}/amendments", TheVisitsDoctor,
                _ => new AmendmentRequest("Code corrected", null, "Sore throat", null, null, "J02.9", null, null)),
            new("POST", $"/api/v1/appointments/{noteVisit}/note", TheVisitsDoctor,
                _ => new VisitNoteRequest("Follow-up visit", null, null, null, null, null)),
            // Every patient exports their own record, whatever else exists.
            new("GET", "/api/v1/records/me/export", [RecordCaller.Patient, RecordCaller.OtherPatient]),
            new("GET", $"/records/{note.Id}", Readers),
            new("GET", $"/records/{note.Id}/amend", TheVisitsDoctor),
            // The patient is sent on to their own history page.
            new("GET", $"/patients/{patient.Id}/chart", Readers),
            new("GET", $"/appointments/{visit}/note", TheVisitsDoctor),
        ];

        var wrong = new StringBuilder();
        foreach (var route in routes)
        {
            foreach (var (caller, client) in callers)
            {
                using var response = await SendAsync(client, route, caller);
                var status = (int)response.StatusCode;
                var ok = caller == RecordCaller.Anonymous
                    ? route.IsApi ? status == 401 : status == 302 && response.Headers.Location!.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal)
                    : route.Allowed.Contains(caller)
                        ? status is >= 200 and < 300
                        : status == 404;
                if (!ok) wrong.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{route.Method} {route.Url} as {caller}: {status}");
            }
        }
        Assert.True(wrong.Length == 0, "Wrong answers:\n" + wrong);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, RecordCaller caller)
    {
        if (route.Method == "GET") return client.GetAsync(new Uri(route.Url, UriKind.Relative), Ct);
        return client.PostAsJsonAsync(route.Url, route.Body!(caller), Ct);
    }
}
