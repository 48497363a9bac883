using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Features.Records;
using CareSlot.Web.Tests.Features.Surveys;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Platform.Web;

public sealed class HostileInputTestsOnSqlite(SqliteApp app) : HostileInputTests(app), IClassFixture<SqliteApp>;

public sealed class HostileInputTestsOnPostgres(PostgresApp app) : HostileInputTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// Every API operation in the OpenAPI document and every form on every page gets the hostile inputs of
/// <see cref="HostileInput"/>: the answer is a 4xx problem (or a form error), never a 5xx, and a refused request
/// writes no row. Operations and forms are discovered, not listed, so an endpoint or form added later is covered
/// by this test without anyone asking; the callers come from <see cref="AuthorizationMatrix"/>.
/// </summary>
public abstract class HostileInputTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, IReadOnlyList<Field> BodyFields, bool HasBody);

    private sealed record Parameter(string Name, string In, string? Type, string? Format);

    /// <summary>A field of a JSON body: its path as clients write it (intervals[0].start) and its JSON type.</summary>
    private sealed record Field(string Path, string? Type);

    private sealed record World(TestDoctor Doctor, Guid AppointmentId, IReadOnlyDictionary<Caller, HttpClient> Api);

    private readonly List<string> failures = [];

    [Fact]
    public async Task EveryApiOperation_RefusesHostileInput_WithProblemDetails_NeverA5xx_AndWritesNothing()
    {
        var world = await ArrangeApiAsync();
        var operations = await OperationsAsync();
        Assert.True(operations.Count >= 30, $"Only {operations.Count} operations in the OpenAPI document; is the discovery broken?");

        var requests = 0;
        foreach (var operation in operations)
        {
            var client = world.Api[CallerFor(operation.Method, operation.Path)];
            var before = await RowCountsAsync();

            foreach (var parameter in operation.Parameters.Where(p => p.Type == "string" && p.Format is null))
            {
                // The test server refuses a NUL in the path before the app sees it (Kestrel answers 400 itself).
                foreach (var value in HostileInput.RefusedEverywhere.Where(v => parameter.In != "path" || !v.Text.Contains('\0', StringComparison.Ordinal)))
                {
                    requests++;
                    if (await SendAsync(client, operation, world, parameter.Name, value.Text, null) is { } response)
                    {
                        await ExpectRefusedAsync(operation, parameter.Name, value, response);
                    }
                }
            }
            if (operation.HasBody)
            {
                foreach (var field in operation.BodyFields)
                {
                    var refused = field.Type == "string" ? HostileInput.RefusedEverywhere.Append(HostileInput.LoneSurrogate) : [];
                    foreach (var value in refused)
                    {
                        requests++;
                        var body = Body(operation, world, field.Path, HostileInput.JsonLiteral(value.Text));
                        await ExpectRefusedAsync(operation, field.Path, value, (await SendAsync(client, operation, world, null, null, body))!);
                    }
                    foreach (var value in HostileInput.WrongJson.Where(v => !(field.Type == "string" && v.What == "string")))
                    {
                        requests++;
                        var body = Body(operation, world, field.Path, value.Text);
                        await ExpectRefusedAsync(operation, field.Path, value, (await SendAsync(client, operation, world, null, null, body))!, namesField: false);
                    }
                }
                foreach (var value in HostileInput.MalformedBodies)
                {
                    requests++;
                    await ExpectRefusedAsync(operation, "body", value, (await SendAsync(client, operation, world, null, null, value.Text))!, namesField: false);
                }
            }
            await ExpectSameRowsAsync(operation.Method + " " + operation.Path, before);

            // Last, as some of these are rightly accepted and may change what the refusals above were tested against.
            foreach (var parameter in operation.Parameters.Where(p => p.Type == "string" && p.Format is null))
            {
                foreach (var value in HostileInput.NeverAFault)
                {
                    requests++;
                    if (await SendAsync(client, operation, world, parameter.Name, value.Text, null) is { } response)
                    {
                        await ExpectNoFaultAsync(operation, parameter.Name, value, response);
                    }
                }
            }
            if (operation.HasBody)
            {
                foreach (var field in operation.BodyFields.Where(f => f.Type == "string"))
                {
                    foreach (var value in HostileInput.NeverAFault)
                    {
                        requests++;
                        var body = Body(operation, world, field.Path, HostileInput.JsonLiteral(value.Text));
                        await ExpectNoFaultAsync(operation, field.Path, value, (await SendAsync(client, operation, world, null, null, body))!);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} hostile requests were mishandled:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
    }

    [Fact]
    public async Task EveryForm_ShowsAnErrorForHostileText_NeverA5xx_AndWritesNothing()
    {
        var pages = await ArrangePagesAsync();
        var forms = 0;
        var submissions = 0;
        // A week of slots is dozens of forms alike; one of each shape is enough.
        var shapes = new HashSet<string>();
        foreach (var (caller, browser, url) in pages)
        {
            var page = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{caller} could not open {url}: {(int)page.StatusCode}");
            var document = await page.ReadHtmlAsync();
            foreach (var form in document.QuerySelectorAll("main form").OfType<IHtmlFormElement>())
            {
                var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
                if (action.StartsWith("/account/sign-out", StringComparison.Ordinal)) continue; // ends the session the rest needs
                var fields = FormFields(form);
                var textFields = fields.Keys.Where(name => name != "__RequestVerificationToken" && IsTextField(form, name)).ToList();
                if (textFields.Count == 0 || !shapes.Add($"{FormName(form, action)} {string.Join(',', fields.Keys.Order())}")) continue;
                forms++;

                var before = await RowCountsAsync();
                foreach (var name in textFields)
                {
                    foreach (var value in HostileInput.RefusedEverywhere)
                    {
                        submissions++;
                        var response = await SubmitAsync(browser, form, action, fields, name, value.Text);
                        await ExpectFormErrorAsync($"{caller} {FormName(form, action)} field {name}", value, response);
                    }
                }
                await ExpectSameRowsAsync($"{caller} form {FormName(form, action)} on {url}", before);

                foreach (var name in textFields)
                {
                    foreach (var value in HostileInput.NeverAFaultInForms)
                    {
                        submissions++;
                        var response = await SubmitAsync(browser, form, action, fields, name, value.Text);
                        if ((int)response.StatusCode >= 500) failures.Add($"{caller} {FormName(form, action)} field {name} ← {value}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(forms >= 15, $"Only {forms} forms with text found; is the discovery broken?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {submissions} hostile form posts were mishandled:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
    }

    // ---- the API ----

    private async Task<World> ArrangeApiAsync()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreateApiUserAsync(Roles.Patient);
        var appointment = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var api = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = app.CreateClient(),
            [Caller.Patient] = patient.Client,
            [Caller.DoctorWithSecondFactor] = (await app.CreateDoctorUserAsync(doctor)).Client,
            [Caller.AdminWithSecondFactor] = (await app.CreateApiUserAsync(Roles.Admin, multiFactor: true)).Client,
        };
        return new World(doctor, appointment.Id, api);
    }

    /// <summary>The caller the matrix allows (the weakest one), so the request gets past authorization to its input.</summary>
    private static Caller CallerFor(string method, string path)
    {
        var row = AuthorizationMatrix.Rows.FirstOrDefault(r => r.Handler is null && r.Method == method && Normalize(r.Pattern) == Normalize(path))
            ?? throw new InvalidOperationException($"{method} {path} has no row in AuthorizationMatrix.");
        return new[] { Caller.Anonymous, Caller.Patient, Caller.DoctorWithSecondFactor, Caller.AdminWithSecondFactor }
            .First(row.Access.Callers.Contains);
    }

    private static string Normalize(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", "{$1}").TrimEnd('/');

    private async Task<List<Operation>> OperationsAsync()
    {
        var json = await app.CreateClient().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        var document = JsonNode.Parse(json)!;
        var schemas = document["components"]?["schemas"];
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = (operation!["parameters"]?.AsArray() ?? []).Select(p => new Parameter(
                    (string)p!["name"]!, (string)p["in"]!, TypeOf(p["schema"]), (string?)p["schema"]?["format"])).ToList();
                var bodySchema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                var fields = bodySchema is null ? [] : FieldsOf(Resolve(bodySchema, schemas), schemas, "", depth: 0).ToList();
                operations.Add(new Operation(method.ToUpperInvariant(), path, parameters, fields, bodySchema is not null));
            }
        }
        return operations;
    }

    private static IEnumerable<Field> FieldsOf(JsonNode? schema, JsonNode? schemas, string prefix, int depth)
    {
        foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
        {
            var resolved = Resolve(property, schemas);
            var type = TypeOf(resolved);
            var path = prefix + name;
            yield return new Field(path, type);
            if (type == "array" && depth < 2 && Resolve(resolved?["items"], schemas) is { } items && TypeOf(items) == "object")
            {
                foreach (var nested in FieldsOf(items, schemas, path + "[0].", depth + 1)) yield return nested;
            }
        }
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonNode? schemas) =>
        (string?)schema?["$ref"] is { } reference ? schemas?[reference.Split('/')[^1]] : schema;

    /// <summary>The schema's type, ignoring "null" (OpenAPI 3.1 writes nullable types as ["null", "string"]).</summary>
    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => (string?)value,
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ => schema?["properties"] is not null ? "object" : null,
    };

    /// <summary>A body with a plausible value in every field and the raw JSON <paramref name="rawValue"/> at <paramref name="target"/>.</summary>
    private static string Body(Operation operation, World world, string target, string rawValue)
    {
        const string Marker = "__hostile__";
        var body = new JsonObject();
        foreach (var field in operation.BodyFields)
        {
            var value = field.Path == target ? JsonValue.Create(Marker) : SampleFor(field, world);
            Set(body, field.Path, value);
        }
        return body.ToJsonString().Replace($"\"{Marker}\"", rawValue, StringComparison.Ordinal);
    }

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonObject target = body;
        foreach (var part in parts[..^1])
        {
            var name = part.Split('[')[0];
            if (target[name] is not JsonArray list || list.Count == 0) target[name] = list = [new JsonObject()];
            target = (JsonObject)list[0]!;
        }
        if (target[parts[^1]] is null || value is JsonValue) target[parts[^1]] = value;
    }

    /// <summary>Real ids where the name says which, so a request gets as far into its use case as it can.</summary>
    private static JsonNode? SampleFor(Field field, World world) => field.Path.Split('.')[^1] switch
    {
        "doctorId" => world.Doctor.DoctorId,
        "appointmentTypeId" => world.Doctor.TypeId,
        "appointmentId" => world.AppointmentId.ToString(),
        "clinicId" => world.Doctor.ClinicId,
        "email" => "nobody@example.com",
        _ => field.Type switch
        {
            "integer" or "number" => 1,
            "boolean" => false,
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => "x",
        },
    };

    /// <summary>The request, or null when the hostile value cannot be put on the wire at all (a line break in a header).</summary>
    private static async Task<HttpResponseMessage?> SendAsync(HttpClient client, Operation operation, World world, string? parameter, string? value, string? body)
    {
        var path = operation.Path;
        var query = new List<string>();
        var headers = new List<(string Name, string Value)>();
        foreach (var p in operation.Parameters)
        {
            var text = p.Name == parameter ? value! : SampleParameter(p, operation, world);
            if (p.In == "path") path = path.Replace("{" + p.Name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
            else if (p.In == "query" && text.Length > 0) query.Add($"{p.Name}={Uri.EscapeDataString(text)}");
            else if (p.In == "header" && text.Length > 0) headers.Add((p.Name, text));
        }
        var uri = new Uri(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), uri);
        foreach (var (name, text) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, text)) return null;
        }
        if (operation.HasBody) request.Content = new StringContent(body ?? Body(operation, world, "", "null"), Encoding.UTF8, "application/json");
        try
        {
            return await client.SendAsync(request, Ct);
        }
        catch (HttpRequestException) when (headers.Count > 0)
        {
            return null; // the client refuses to send such a header, as would any other
        }
    }

    private static string SampleParameter(Parameter parameter, Operation operation, World world) => parameter.Name switch
    {
        "id" when parameter.Format == "uuid" && operation.Path.StartsWith("/api/v1/appointments/{id}", StringComparison.Ordinal) => world.AppointmentId.ToString(),
        "id" when parameter.Format == "uuid" => Guid.NewGuid().ToString(),
        "id" when operation.Path.StartsWith("/api/v1/doctors/{id}", StringComparison.Ordinal) => world.Doctor.DoctorId.ToString(CultureInfo.InvariantCulture),
        "id" => "999999",
        "appointmentTypeId" => world.Doctor.TypeId.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private async Task ExpectRefusedAsync(Operation operation, string field, HostileValue value, HttpResponseMessage response, bool namesField = true)
    {
        var what = $"{operation.Method} {operation.Path} {field} ← {value}";
        var status = (int)response.StatusCode;
        if (status >= 500 || status < 400)
        {
            failures.Add($"{what}: {status} {Truncate(await response.Content.ReadAsStringAsync(Ct))}");
            return;
        }
        if (!response.IsProblem())
        {
            failures.Add($"{what}: {status} without problem details");
            return;
        }
        if (!namesField || status != 400) return;
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var named = problem.RootElement.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Name == field);
        if (!named) failures.Add($"{what}: 400 does not name '{field}': {Truncate(problem.RootElement.ToString())}");
    }

    private async Task ExpectNoFaultAsync(Operation operation, string field, HostileValue value, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) failures.Add($"{operation.Method} {operation.Path} {field} ← {value}: {status} {Truncate(await response.Content.ReadAsStringAsync(Ct))}");
        else if (status >= 400 && !response.IsProblem()) failures.Add($"{operation.Method} {operation.Path} {field} ← {value}: {status} without problem details");
    }

    // ---- the forms ----

    /// <summary>
    /// Pages of the authorization matrix that the form sweep does not open, each with the reason. Every other page is
    /// opened by <see cref="ArrangePagesAsync"/>; a page added to the app (and so to the matrix) fails
    /// <see cref="EveryPage_IsSweptOrSaysWhyNot"/> until it is one or the other.
    /// </summary>
    private static readonly Dictionary<string, string> PagesNotSwept = new()
    {
        ["/error"] = "no form",
        ["/account/verify-email"] = "the e-mailed link's target: no form, and its one parameter is a token VerificationTests cover",
        ["/account/access-denied"] = "no form",
        ["/account/sign-out"] = "its only form has no field and ends the session the sweep needs",
        ["/account"] = "its forms (sign out, sign out everywhere) have no field and end the session",
        ["/appointments"] = "no form",
        ["/account/access-log"] = "no form; its one parameter, page, is digits only (AccessLogTests.AccessLog_PageThatIsNoPage_Is400NamingIt)",
        ["/appointments/hold"] = "only sends people to the directory; its POST is the slot form of /doctors/{id:int}, swept there",
        ["/records"] = "its only form is a GET filter; a wrong kind is a 400 on the page (RecordsTests)",
        ["/records/print"] = "no form",
        ["/records/{id:guid}"] = "no form",
        ["/doctor/visits"] = "no form",
        ["/doctor/patients"] = "its only form is a GET name search, matched in memory, never in SQL",
        ["/messages"] = "no form",
        ["/admin/clinics"] = "no form: the list links to each clinic's page, swept there",
        ["/messages/{id:guid}/attachments/{attachmentId:guid}"] = "a download: no form",
        ["/admin"] = "links only: no form",
        ["/admin/dashboard"] = "no form and no parameter: its Refresh link and the script's Figures handler take nothing",
        ["/disputes"] = "no form",
        ["/disputes/{id:guid}/files/{fileId:guid}"] = "a download: no form",
        ["/admin/disputes"] = "its only form is a GET filter of two lists; a value that is none of them is a 400 naming it (DisputePagesTests)",
        ["/help"] = "its only form is the FAQ search, a GET to /help/faq swept there",
        ["/help/guides"] = "no form",
        ["/help/guides/media/{**name}"] = "a download: no form; GuideTests send it encoded dot segments, control characters and every other name it must refuse",
        ["/help/guides/{slug}"] = "no form; its one parameter, the slug, names a guide or is a 404 (GuideTests sweep it and the media names)",
        ["/admin/faq"] = "no form: the list links to each entry's page, swept there",
        ["/help/tickets"] = "no form",
        ["/help/tickets/{id:long}/files/{fileId:guid}"] = "a download: no form",
        ["/support/tickets/{id:long}/files/{fileId:guid}"] = "a download: no form",
        ["/help/chats"] = "no form",
        ["/help/chats/{id:long}"] = "no form",
        ["/support/chat"] = "its forms (go available, go away) have no field; what agents type goes through the hub (LiveChatRoutingTests, LiveChatHubTests)",
        ["/support/chat/{id:long}"] = "no form",
        ["/account/accept-invitation"] = "its form shows only with a live invitation link; StaffInvitationTests cover the link and the password field",
        ["/admin/surveys"] = "no form: the list links to each survey's page, swept there",
        ["/admin/surveys/{id:int}/results"] = "no form",
        ["/admin/surveys/{id:int}/results.csv"] = "a download: no form",
        ["/surveys/thanks"] = "no form",
        ["/admin/backups"] = "its one form, Back up now, has no field",
        ["/admin/compliance"] = "no form and no parameter: drawn from settings",
        ["/admin/compliance/sub-processors"] = "no form and no parameter: drawn from settings",
        ["/account/data"] = "no form: what the account holds, and links",
        ["/account/data/export.json"] = "a download: no form",
        ["/admin/privacy/erasures"] = "its forms are a button per open request with the request's id, bound as a Guid (a wrong one is a 400 on the page, ErasureTests)",
        ["/privacy"] = "no form",
        ["/account/privacy"] = "its forms are one button each with a hidden purpose; ConsentPagesTests post unknown, control-character and very long purposes",
        ["/account/privacy/review"] = "its form is one button with a hidden return address that only ever leads within the site (ConsentPagesTests)",
    };

    /// <summary>The pages <see cref="ArrangePagesAsync"/> opens, as the matrix writes them.</summary>
    private static readonly string[] PagesSwept =
    [
        "/", "/doctors", "/doctors/{id:int}", "/language", "/account/register", "/account/register-doctor", "/account/verify-phone",
        "/account/sign-in", "/account/sign-in/two-factor", "/account/forgot-password", "/account/reset-password",
        "/account/profile", "/account/two-factor", "/appointments/confirm/{holdId:guid}", "/appointments/{id:guid}",
        "/appointments/{id:guid}/reschedule", "/account/doctor-profile", "/account/schedule",
        "/account/schedule/appointment-types/{id:int}", "/account/schedule/absence", "/admin/doctors/pending", "/admin/deliveries", "/messages/new", "/messages/{id:guid}",
        "/records/new", "/records/{id:guid}/amend", "/appointments/{id:guid}/note", "/patients/{patientId:guid}/chart", "/admin/break-glass",
        "/admin/audit",
        "/admin/clinics/new", "/admin/clinics/{id:int}", "/admin/specialties",
        "/admin/accounts", "/admin/accounts/{id:guid}", "/admin/accounts/invite",
        "/admin/calendar/clinics/{id:int}", "/admin/calendar/doctors/{id:int}",
        "/admin/doctors/pending/{id:int}", "/admin/problems",
        "/admin/appointments", "/admin/appointments/{id:guid}", "/admin/doctors/{id:int}/absence",
        "/disputes/new", "/disputes/{id:guid}", "/admin/disputes/{id:guid}",
        "/help/tickets/new", "/help/tickets/{id:long}", "/support", "/support/tickets/{id:long}", "/support/answers",
        "/appointments/{id:guid}/review", "/account/reviews", "/admin/reviews", "/admin/reviews/{id:guid}",
        "/help/faq", "/admin/faq/new", "/admin/faq/{id:int}",
        "/admin/surveys/new", "/admin/surveys/{id:int}", "/surveys/{token}",
        "/support/accounts", "/support/accounts/{id:guid}", "/support/accounts/{id:guid}/book/{doctor:int?}",
        "/support/accounts/{id:guid}/appointments/{appointmentId:guid}/move",
        "/account/data/erase",
    ];

    [Fact]
    public void EveryPage_IsSweptOrSaysWhyNot()
    {
        var pages = AuthorizationMatrix.Rows.Where(r => !r.IsApi && r.Method == "GET").Select(r => r.Pattern).Distinct().Order().ToList();

        Assert.Equal(pages, PagesSwept.Concat(PagesNotSwept.Keys).Order().ToList());
    }

    private async Task<List<(Caller Caller, HttpClient Browser, string Url)>> ArrangePagesAsync()
    {
        var anonymous = await app.SignInAsync(Caller.Anonymous);
        // Half-way through a two-factor sign-in: the password is in, the code step shows its form.
        var halfway = app.CreateBrowserClient();
        var twoFactorEmail = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        Assert.Contains("/account/sign-in/two-factor", (await halfway.SignInAsync(twoFactorEmail, AccountsTestKit.Password)).Headers.Location?.OriginalString,
            StringComparison.Ordinal);
        var patient = await app.SignInAsync(Caller.Patient);
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var doctorAccount = JsonDocument.Parse(await doctor.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        var (doctorId, typeId) = await app.WithDbAsync(async db =>
        {
            var id = await db.Doctors.Where(d => d.AccountId == doctorAccount).Select(d => d.Id).SingleAsync(Ct);
            return (id, await db.AppointmentTypes.Where(t => t.DoctorId == id).Select(t => t.Id).FirstAsync(Ct));
        });
        var zone = await app.WithDbAsync(db => db.Clinics.Where(c => c.Doctors.Any(d => d.Id == doctorId)).Select(c => c.TimeZoneId).FirstAsync(Ct));
        var testDoctor = new TestDoctor(doctorId, 0, typeId, NodaTime.DateTimeZoneProviders.Tzdb[zone], "");
        var booked = await patient.Bearer.PostAsync(new Uri("/api/v1/appointments", UriKind.Relative),
            AsJson(new { doctorId, appointmentTypeId = typeId, start = app.LocalTimeTomorrow(testDoctor, 11, daysAhead: 3), reason = "Check-up" }), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var appointmentId = JsonDocument.Parse(await booked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        // A second appointment with a dispute about it, so the first one's page still offers to open one; booked before the
        // hold, which a booking would release.
        var disputed = await patient.Bearer.PostAsync(new Uri("/api/v1/appointments", UriKind.Relative),
            AsJson(new { doctorId, appointmentTypeId = typeId, start = app.LocalTimeTomorrow(testDoctor, 11, daysAhead: 5), reason = "Check-up" }), Ct);
        Assert.Equal(HttpStatusCode.Created, disputed.StatusCode);
        var opened = await patient.Bearer.PostAsync(new Uri("/api/v1/disputes", UriKind.Relative), AsJson(new
        {
            appointmentId = JsonDocument.Parse(await disputed.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid(),
            kind = "conduct",
            statement = "Kept waiting for an hour.",
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var disputeId = JsonDocument.Parse(await opened.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        // Taken on, so its page shows the question and resolution forms as well as the assignment.
        Assert.Equal(HttpStatusCode.OK, (await admin.Bearer.PostAsync(new Uri($"/api/v1/admin/disputes/{disputeId}/assign", UriKind.Relative), AsJson(new { }), Ct)).StatusCode);
        var held = await patient.Bearer.PostAsync(new Uri("/api/v1/appointments/holds", UriKind.Relative),
            AsJson(new { doctorId, appointmentTypeId = typeId, start = app.LocalTimeTomorrow(testDoctor, 14, daysAhead: 4) }), Ct);
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        var holdId = JsonDocument.Parse(await held.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        var started = await patient.Bearer.PostAsync(new Uri("/api/v1/conversations", UriKind.Relative),
            AsJson(new { doctorId, subject = "A question", body = "Hello" }), Ct);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversationId = JsonDocument.Parse(await started.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();

        // A clinic of its own, so the sweep's accepted values rename nobody else's.
        var clinic = await admin.Bearer.PostAsync(new Uri("/api/v1/admin/clinics", UriKind.Relative), AsJson(new
        {
            name = $"Sweep Clinic {Guid.NewGuid():N}", addressLine = "1 Sweep Street", postcode = "10115", city = "Berlin", countryCode = "DE",
            latitude = 52.5, longitude = 13.4, timeZone = "Europe/Berlin", phone = "+49 30 1234567", cancellationLimitHours = 24,
            rescheduleLimitHours = 24, maxUpcomingPerDoctor = 2, maxReschedules = 3, autoConfirm = true,
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, clinic.StatusCode);
        var clinicId = JsonDocument.Parse(await clinic.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();

        var asked = await patient.Bearer.PostAsync(new Uri("/api/v1/tickets", UriKind.Relative),
            AsJson(new { category = "technical", subject = "The page is blank", message = "Since this morning." }), Ct);
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var ticketId = JsonDocument.Parse(await asked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("ticket").GetProperty("id").GetInt64();

        var patientId = JsonDocument.Parse(await patient.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        // A doctor whose registration waits for a decision, for the review page's three forms.
        var reviewed = await app.SignInAsync(Caller.Doctor);
        var reviewedAccount = JsonDocument.Parse(await reviewed.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        var pendingDoctorId = await app.WithDbAsync(async db =>
        {
            await db.Doctors.Where(d => d.AccountId == reviewedAccount).ExecuteUpdateAsync(d => d
                .SetProperty(x => x.IsListed, false).SetProperty(x => x.Review, CareSlot.Web.Features.Doctors.DoctorReview.Pending), Ct);
            return await db.Doctors.Where(d => d.AccountId == reviewedAccount).Select(d => d.Id).SingleAsync(Ct);
        });
        var added = await patient.Bearer.PostAsync(new Uri($"/api/v1/patients/{patientId}/history", UriKind.Relative),
            AsJson(new { kind = "patient-reported", title = "Hay fever", details = "Every spring" }), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var entryId = JsonDocument.Parse(await added.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();

        // Three completed visits of the patient's with the doctor: one to rate on its page, one rated and published (the
        // doctor's reply form), one rated and pending (the moderator's reject form).
        var visitClinicId = await app.WithDbAsync(db => db.Clinics.Where(c => c.Doctors.Any(d => d.Id == doctorId)).Select(c => c.Id).FirstAsync(Ct));
        var visitDoctor = testDoctor with { ClinicId = visitClinicId };
        var toRate = await app.AddVisitAsync(visitDoctor, patientId, NodaTime.Duration.FromDays(-1), CareSlot.Scheduling.AppointmentStatus.Completed);
        var published = await ReviewAsync(NodaTime.Duration.FromDays(-2));
        Assert.Equal(HttpStatusCode.OK, (await admin.Bearer.PostAsync(new Uri($"/api/v1/admin/reviews/{published}/approve", UriKind.Relative), null, Ct)).StatusCode);
        var pendingReview = await ReviewAsync(NodaTime.Duration.FromDays(-3));

        async Task<Guid> ReviewAsync(NodaTime.Duration ago)
        {
            var visit = await app.AddVisitAsync(visitDoctor, patientId, ago, CareSlot.Scheduling.AppointmentStatus.Completed);
            var rated = await patient.Bearer.PostAsync(new Uri("/api/v1/reviews", UriKind.Relative), AsJson(new { appointmentId = visit, rating = 4, text = "Fine." }), Ct);
            Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
            return JsonDocument.Parse(await rated.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        }
        // An FAQ entry of its own, published, so the FAQ shows its vote form and the edit page its form.
        var faqEntry = await admin.Bearer.PostAsync(new Uri("/api/v1/admin/faq", UriKind.Relative), AsJson(new
        {
            language = "en", topic = "Sweep", question = "Is this swept?", answer = "Yes, **every** form.", order = 1, published = true,
        }), Ct);
        Assert.Equal(HttpStatusCode.Created, faqEntry.StatusCode);
        var faqEntryId = JsonDocument.Parse(await faqEntry.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();

        // An open survey (a required rating, so no sweep's answer is ever complete) and a link to answer it.
        var survey = await app.CreateOpenSurveyAsync();
        var surveyToken = await app.InviteAsync(survey, patientId);

        // A patient of their own whom support helps, so the sweep's accepted cancellation reason cancels nobody else's visit.
        var helped = await app.CreateApiUserAsync(Roles.Patient);
        var helpedVisit = await helped.BookOkAsync(testDoctor, app.LocalTimeTomorrow(testDoctor, 11, daysAhead: 6));

        // Pages whose forms may change the appointment come in the order that keeps each form on its page: the doctor's
        // status form before the patient may cancel, the move before the cancellation.
        return
        [
            // Before the appointment's own forms cancel it: a cancelled visit gets no note.
            (Caller.DoctorWithSecondFactor, doctor.Browser, $"/appointments/{appointmentId}/note"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, $"/appointments/{appointmentId}"),
            // While the appointment is active, so its move and cancel forms show; both wait for a confirmation the sweep never ticks.
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/appointments/{appointmentId}"),
            (Caller.Anonymous, anonymous.Browser, "/"),
            (Caller.Anonymous, anonymous.Browser, "/doctors"),
            (Caller.Anonymous, anonymous.Browser, "/language?returnUrl=%2Fdoctors"),
            (Caller.Anonymous, anonymous.Browser, "/account/register"),
            (Caller.Anonymous, anonymous.Browser, "/account/register-doctor"),
            (Caller.Anonymous, anonymous.Browser, "/account/verify-phone?email=nobody%40example.com"),
            (Caller.Anonymous, anonymous.Browser, "/account/sign-in"),
            (Caller.Anonymous, halfway, "/account/sign-in/two-factor"),
            (Caller.Anonymous, anonymous.Browser, "/account/forgot-password"),
            (Caller.Anonymous, anonymous.Browser, "/account/reset-password?email=nobody%40example.com&token=x"),
            (Caller.Patient, patient.Browser, $"/doctors/{doctorId}"),
            (Caller.Patient, patient.Browser, "/account/profile"),
            (Caller.Patient, patient.Browser, $"/appointments/confirm/{holdId}"),
            (Caller.Patient, patient.Browser, $"/appointments/{appointmentId}/reschedule"),
            (Caller.Patient, patient.Browser, $"/appointments/{appointmentId}"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, "/account/doctor-profile"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, "/account/schedule"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, $"/account/schedule/appointment-types/{typeId}"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, "/account/schedule/absence"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/doctors/pending"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/deliveries"),
            (Caller.Patient, patient.Browser, "/records/new"),
            (Caller.Patient, patient.Browser, $"/records/{entryId}/amend"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, $"/patients/{patientId}/chart"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/break-glass"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/audit"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/clinics/new"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/clinics/{clinicId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/specialties"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/accounts"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/accounts/{patientId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/accounts/invite"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/calendar/clinics/{clinicId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/calendar/doctors/{doctorId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/doctors/pending/{pendingDoctorId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/problems"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/appointments"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/doctors/{doctorId}/absence"),
            (Caller.Patient, patient.Browser, "/messages/new"),
            (Caller.Patient, patient.Browser, $"/messages/{conversationId}"),
            (Caller.Patient, patient.Browser, "/account/two-factor"),
            (Caller.Patient, patient.Browser, "/account/data/erase"),
            (Caller.Patient, patient.Browser, $"/disputes/new?appointmentId={appointmentId}"),
            // The party's statement form before the administrator's, whose resolution may close the dispute.
            (Caller.Patient, patient.Browser, $"/disputes/{disputeId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/disputes/{disputeId}"),
            (Caller.Anonymous, anonymous.Browser, "/help/faq"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/faq/new"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/faq/{faqEntryId}"),
            (Caller.Anonymous, anonymous.Browser, "/help/tickets/new"),
            (Caller.Patient, patient.Browser, $"/help/tickets/{ticketId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/support"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/support/tickets/{ticketId}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/support/answers"),
            (Caller.Patient, patient.Browser, $"/appointments/{toRate}/review"),
            (Caller.Patient, patient.Browser, "/account/reviews"),
            (Caller.DoctorWithSecondFactor, doctor.Browser, "/account/reviews"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/reviews"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/reviews/{pendingReview}"),
            (Caller.AdminWithSecondFactor, admin.Browser, "/admin/surveys/new"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/admin/surveys/{survey.Id}"),
            (Caller.Anonymous, anonymous.Browser, $"/surveys/{surveyToken}"),
            // The move and the booking before the account's page, whose cancel form may cancel the visit.
            (Caller.AdminWithSecondFactor, admin.Browser, "/support/accounts?q=patient"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/support/accounts/{helped.Id}/appointments/{helpedVisit.Id}/move"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/support/accounts/{helped.Id}/book/{doctorId}?q=a"),
            (Caller.AdminWithSecondFactor, admin.Browser, $"/support/accounts/{helped.Id}"),
        ];
    }

    private static StringContent AsJson(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>What the form would send untouched: every named input, textarea and select with its current value.</summary>
    private static Dictionary<string, string> FormFields(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked) fields.TryAdd(name, box.Value);
                    break;
                case IHtmlInputElement input:
                    fields.TryAdd(name, input.Value);
                    break;
                case IHtmlTextAreaElement area:
                    fields.TryAdd(name, area.Value);
                    break;
                case IHtmlSelectElement select:
                    fields.TryAdd(name, select.Value ?? "");
                    break;
            }
        }
        return fields;
    }

    private static bool IsTextField(IHtmlFormElement form, string name) =>
        form.QuerySelectorAll($"[name='{name}']").Any(e => e is IHtmlTextAreaElement or IHtmlSelectElement
            || e is IHtmlInputElement input && input.Type is not ("checkbox" or "radio" or "submit" or "button"));

    private static string FormName(IHtmlFormElement form, string action) =>
        $"{(form.Method ?? "get").ToUpperInvariant()} {action}";

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, IHtmlFormElement form, string action, Dictionary<string, string> fields,
        string name, string value)
    {
        var values = new Dictionary<string, string>(fields) { [name] = value };
        if (string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase))
        {
            using var content = new FormUrlEncodedContent(values);
            return await browser.PostAsync(new Uri(action, UriKind.Relative), content, Ct);
        }
        var query = string.Join('&', values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}"));
        return await browser.GetAsync(new Uri(action.Split('?')[0] + "?" + query, UriKind.Relative), Ct);
    }

    /// <summary>Refused means a 4xx, or the page again (not a redirect) with an error next to a field or above the form.</summary>
    private async Task ExpectFormErrorAsync(string what, HostileValue value, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500) return;
        if (status != 200)
        {
            failures.Add($"{what} ← {value}: {status} {response.Headers.Location}");
            return;
        }
        var page = await response.ReadHtmlAsync();
        if (page.QuerySelector(".field-error, .error-summary, [role=alert]") is null) failures.Add($"{what} ← {value}: 200 without a form error");
    }

    // ---- rows ----

    private Task<Dictionary<string, long>> RowCountsAsync() => app.WithDbAsync(async db =>
    {
        var counts = new Dictionary<string, long>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
            // Data Protection keys are created on first use by any request; the audit trail records refused and allowed
            // reads of health information by design (AuditTrailTests count those rows).
            .Where(t => t is not ("DataProtectionKeys" or "AuditTrail"));
        foreach (var table in tables)
        {
            // Table names come from the model, not from any input.
            var sql = string.Concat("SELECT COUNT(*) AS \"Value\" FROM \"", table, "\"");
            counts[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync(Ct);
        }
        return counts;
    });

    private async Task ExpectSameRowsAsync(string what, Dictionary<string, long> before)
    {
        var after = await RowCountsAsync();
        foreach (var (table, count) in after.Where(a => before.GetValueOrDefault(a.Key) != a.Value))
        {
            failures.Add($"{what}: refused requests changed the number of rows in {table} ({before.GetValueOrDefault(table)} → {count})");
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
