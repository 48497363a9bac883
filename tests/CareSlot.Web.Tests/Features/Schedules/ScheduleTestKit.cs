using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Tests.Features.Accounts;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Schedules;

public static class ScheduleTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The clinic-local date after "now", whose weekday the tests change.</summary>
    public static LocalDate Tomorrow(this CareSlotApp app, TestDoctor doctor) =>
        Instant.FromDateTimeOffset(app.Clock.GetUtcNow()).InZone(doctor.Zone).Date.PlusDays(1);

    public static string DayName(LocalDate date) => date.DayOfWeek.ToString().ToLowerInvariant();

    public static Task<HttpResponseMessage> PutWeeklyHoursAsync(this ApiUser doctor, int clinicId, params WeeklyIntervalRequest[] intervals) =>
        doctor.Client.PutAsJsonAsync("/api/v1/doctors/me/weekly-hours", new WeeklyHoursRequest(clinicId, intervals), Ct);

    public static async Task<DoctorScheduleView> ScheduleAsync(this ApiUser doctor) =>
        await (await doctor.Client.GetAsync(new Uri("/api/v1/doctors/me/schedule", UriKind.Relative), Ct)).ShouldBeOkJsonAsync<DoctorScheduleView>();

    /// <summary>The ids listed in a 409's "conflicts" extension.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ShouldBeConflictAsync(this HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.True(problem.Extensions.TryGetValue("conflicts", out var value), "The 409 has no 'conflicts' extension.");
        return [.. ((JsonElement)value!).EnumerateArray()];
    }

    public static Task<HttpResponseMessage> CancelAsDoctorAsync(this ApiUser doctor, Guid appointmentId) =>
        doctor.Client.PostAsJsonAsync($"/api/v1/appointments/{appointmentId}/cancel",
            new CareSlot.Web.Features.Appointments.CancelAppointmentRequest("Clinic closed that morning"), Ct);

    /// <summary>A browser signed in with password and authenticator code as the doctor's account.</summary>
    public static async Task<HttpClient> SignInAsDoctorAsync(this CareSlotApp app, TestDoctor doctor)
    {
        var email = await app.CreateAccountAsync(Roles.Doctor, twoFactor: true);
        await app.WithDbAsync(async db =>
        {
            var accountId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
            return await db.Doctors.Where(d => d.Id == doctor.DoctorId).ExecuteUpdateAsync(d => d.SetProperty(x => x.AccountId, accountId), Ct);
        });
        var browser = app.CreateBrowserClient();
        await browser.SignInWithTwoFactorAsync(app, email);
        return browser;
    }

    /// <summary>
    /// Posts a form as a browser does: every field with the value the page gave it (the time inputs too),
    /// then the test's changes.
    /// </summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string formSelector,
        IReadOnlyDictionary<string, string> changes)
    {
        var page = await (await client.GetAsync(new Uri(pageUrl, UriKind.Relative), Ct)).ReadHtmlAsync();
        var form = (IHtmlFormElement?)page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}.");
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name)) continue;
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            fields[input.Name] = input.Value;
        }
        foreach (var select in form.QuerySelectorAll("select").OfType<IHtmlSelectElement>()) fields[select.Name!] = select.Value ?? "";
        foreach (var (key, value) in changes) fields[key] = value;
        using var content = new FormUrlEncodedContent(fields);
        var action = form.GetAttribute("action");
        return await client.PostAsync(new Uri(string.IsNullOrEmpty(action) ? pageUrl : action, UriKind.Relative), content, Ct);
    }
}
