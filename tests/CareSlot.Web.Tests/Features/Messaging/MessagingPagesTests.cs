using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Messaging;

public sealed class MessagingPagesTestsOnSqlite(SqliteApp app) : MessagingPagesTests(app), IClassFixture<SqliteApp>;

public sealed class MessagingPagesTestsOnPostgres(PostgresApp app) : MessagingPagesTests(app), IClassFixture<PostgresApp>;

/// <summary>The pages as a browser without JavaScript uses them: forms that post and redirect, errors next to their fields.</summary>
public abstract class MessagingPagesTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Pair(CallerSession Patient, CallerSession Doctor, Guid AppointmentId);

    /// <summary>A patient and a doctor, each signed in by cookie as in a browser, the patient with a visit booked.</summary>
    private async Task<Pair> PairAsync()
    {
        var patient = await app.SignInAsync(Caller.Patient);
        var doctor = await app.SignInAsync(Caller.DoctorWithSecondFactor);
        var doctorAccount = JsonDocument.Parse(await doctor.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        var testDoctor = await app.WithDbAsync(async db =>
        {
            var id = await db.Doctors.Where(d => d.AccountId == doctorAccount).Select(d => d.Id).SingleAsync(Ct);
            var typeId = await db.AppointmentTypes.Where(t => t.DoctorId == id).Select(t => t.Id).FirstAsync(Ct);
            var clinic = await db.Clinics.Where(c => c.Doctors.Any(d => d.Id == id)).Select(c => new { c.Id, c.TimeZoneId }).FirstAsync(Ct);
            return new TestDoctor(id, clinic.Id, typeId, DateTimeZoneProviders.Tzdb[clinic.TimeZoneId], "");
        });
        var booked = await new ApiUser(Guid.Empty, "", patient.Bearer).BookOkAsync(testDoctor, app.LocalTimeTomorrow(testDoctor, 10, daysAhead: 2));
        return new Pair(patient, doctor, booked.Id);
    }

    private static Task<HttpResponseMessage> PostMultipartAsync(HttpClient browser, string pageUrl, string formSelector,
        IReadOnlyDictionary<string, string> values, (string Name, byte[] Content)? file = null) =>
        browser.SubmitMultipartAsync(pageUrl, formSelector, values, file is { } f ? ("Input.Attachment", f.Name, f.Content) : null);

    private static async Task<AngleSharp.Dom.IDocument> OpenAsync(HttpClient browser, string url)
    {
        var response = await browser.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return await response.ReadHtmlAsync();
    }

    [Fact]
    public async Task Conversation_StartedFromTheAppointment_RepliedWithAFile_AndClosed_AllByPostAndRedirect()
    {
        var pair = await PairAsync();
        var details = await OpenAsync(pair.Patient.Browser, $"/appointments/{pair.AppointmentId}");
        var link = details.QuerySelector($"a[href='/messages/new?appointmentId={pair.AppointmentId}']");
        Assert.NotNull(link);

        var newPage = await OpenAsync(pair.Patient.Browser, link.GetAttribute("href")!);
        Assert.Equal(pair.AppointmentId.ToString(), ((IHtmlSelectElement)newPage.QuerySelector("#Input_AppointmentId")!).Value);
        var started = await pair.Patient.Browser.SubmitFormAsync(link.GetAttribute("href")!, new Dictionary<string, string>
        {
            ["Input.To"] = ((IHtmlSelectElement)newPage.QuerySelector("#Input_To")!).Value!,
            ["Input.AppointmentId"] = pair.AppointmentId.ToString(),
            ["Input.Subject"] = "Knee pain",
            ["Input.Body"] = "It hurts when I climb stairs.",
        });
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var conversationUrl = started.Headers.Location!.OriginalString;
        Assert.Matches("^/messages/[0-9a-f-]{36}$", conversationUrl);

        // The doctor sees one unread message in the navigation, then reads it; the count goes.
        var doctorHome = await OpenAsync(pair.Doctor.Browser, "/account");
        Assert.Equal("1 unread", doctorHome.QuerySelector("nav a[href='/messages'] .nav-count")?.TextContent.Trim());
        var list = await OpenAsync(pair.Doctor.Browser, "/messages");
        Assert.Contains("Knee pain", list.QuerySelector(".conversation-list__item--unread")?.TextContent, StringComparison.Ordinal);
        var doctorView = await OpenAsync(pair.Doctor.Browser, conversationUrl);
        Assert.Equal("It hurts when I climb stairs.", doctorView.QuerySelector(".message__body")?.TextContent);
        Assert.Null(doctorView.QuerySelector("nav a[href='/messages'] .nav-count"));

        var replied = await PostMultipartAsync(pair.Doctor.Browser, conversationUrl, "form[action*='handler=Send']",
            new Dictionary<string, string> { ["Input.Body"] = "Please bring your X-ray." }, ("x-ray.pdf", MessagingTestKit.Pdf));
        Assert.Equal(HttpStatusCode.Redirect, replied.StatusCode);
        Assert.StartsWith($"{conversationUrl}?sent=true#message-", replied.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var patientView = await OpenAsync(pair.Patient.Browser, conversationUrl);
        var messages = patientView.QuerySelectorAll(".message").ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("You", messages[0].QuerySelector(".message__sender")!.TextContent);
        Assert.Contains("Please bring your X-ray.", messages[1].TextContent, StringComparison.Ordinal);
        Assert.Matches(@"\d\d:\d\d CET", messages[1].QuerySelector("time")!.TextContent);
        var download = messages[1].QuerySelector(".message__attachments a")!;
        Assert.Equal("x-ray.pdf", download.TextContent.Trim());
        var file = await pair.Patient.Browser.GetAsync(new Uri(download.GetAttribute("href")!, UriKind.Relative), Ct);
        Assert.Equal(MessagingTestKit.Pdf, await file.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Null(patientView.QuerySelector("form[action*='handler=Close']"));

        var closed = await pair.Doctor.Browser.SubmitFormAsync(conversationUrl, new Dictionary<string, string>(), formSelector: "form[action*='handler=Close']");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var afterClose = await OpenAsync(pair.Patient.Browser, conversationUrl);
        Assert.NotNull(afterClose.QuerySelector("#conversation-closed"));
        Assert.Null(afterClose.QuerySelector("form[action*='handler=Send']"));
    }

    [Fact]
    public async Task Send_HostileBodyOrAProgramAsAttachment_ShowsTheErrorNextToTheField_AndSendsNothing()
    {
        var pair = await PairAsync();
        var started = await new ApiUser(Guid.Empty, "", pair.Patient.Bearer).StartAsync(new { doctorId = await DoctorIdAsync(pair), subject = "Hi", body = "Hello" });
        var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        var url = $"/messages/{id}";

        var bell = await PostMultipartAsync(pair.Patient.Browser, url, "form[action*='handler=Send']", new Dictionary<string, string> { ["Input.Body"] = "Ring\u0007" });
        var program = await PostMultipartAsync(pair.Patient.Browser, url, "form[action*='handler=Send']",
            new Dictionary<string, string> { ["Input.Body"] = "My scan" }, ("scan.png", MessagingTestKit.Exe));

        Assert.Equal(HttpStatusCode.BadRequest, bell.StatusCode);
        Assert.NotNull((await bell.ReadHtmlAsync()).QuerySelector("#Input_Body-error"));
        Assert.Equal(HttpStatusCode.BadRequest, program.StatusCode);
        var page = await program.ReadHtmlAsync();
        Assert.Contains("PDF, JPEG or PNG", page.QuerySelector("#Input_Attachment-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Input_Attachment")?.GetAttribute("aria-invalid"));
        Assert.Equal(1, await app.WithDbAsync(db => db.Messages.CountAsync(m => m.ConversationId == id, Ct)));
    }

    [Fact]
    public async Task NewConversation_NobodyToWriteTo_SaysWhy_AndAStrangerDoctorInTheFormIsRefusedNextToTheField()
    {
        var loner = await app.SignInAsync(Caller.Patient);
        var page = await OpenAsync(loner.Browser, "/messages/new");
        Assert.Null(page.QuerySelector("main form"));
        Assert.NotNull(page.QuerySelector("main .notice"));

        var refused = await loner.Browser.PostPageAsync("/messages/new", new Dictionary<string, string>
        {
            ["Input.To"] = (await app.CreateBookableDoctorAsync()).DoctorId.ToString(CultureInfo.InvariantCulture),
            ["Input.Subject"] = "Hi", ["Input.Body"] = "Hello",
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private Task<int> DoctorIdAsync(Pair pair) => app.WithDbAsync(async db =>
    {
        var account = JsonDocument.Parse(await pair.Doctor.Bearer.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative), Ct)).RootElement.GetProperty("id").GetGuid();
        return await db.Doctors.Where(d => d.AccountId == account).Select(d => d.Id).SingleAsync(Ct);
    });
}
