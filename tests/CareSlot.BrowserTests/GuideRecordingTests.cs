using System.Globalization;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Guides;
using Microsoft.Playwright;
using NodaTime;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>
/// Records every step-by-step guide from the real app — each journey in its own context with video, a screenshot per step,
/// captions timed by the run — into the app's guide media folder, so the guides never show a page that no longer looks so.
/// Then checks the app serves what was recorded: the guide page (without JavaScript) shows each step's picture and the
/// video with its captions, every file answers with its type, and the captions parse. Journeys use the fixtures and the
/// journey clock as the other browser tests do; sign-ins happen before the recording, so videos start at the first step.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class GuideRecordingTests(BrowserApp app)
{
    public static TheoryData<string> Slugs => [.. GuideCatalog.All.Select(g => g.Slug)];

    [Fact]
    public void EveryGuide_HasAJourneyThatRecordsIt()
    {
        Assert.Equal(GuideCatalog.All.Select(g => g.Slug).Order(), Journeys.Keys.Order());
    }

    // A bound, so a journey that hangs (a wait with no time-out of its own) fails with its name instead of stopping the run.
    [Theory(Timeout = 180_000)]
    [MemberData(nameof(Slugs))]
    public async Task Guide_IsRecordedFromTheApp_AndServedWithEveryScreenshotVideoAndCaptions(string slug)
    {
        var guide = GuideCatalog.Find(slug)!;
        await Journeys[slug](this, guide);

        await using var context = await app.NewContextAsync(768, 1024, javaScriptEnabled: false);
        var view = await context.NewPageAsync();
        var response = await view.GotoAsync($"/help/guides/{slug}");
        Assert.Equal(200, response?.Status);
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(guide.Title);

        var steps = view.Locator("ol.guide-steps > li");
        await Expect(steps).ToHaveCountAsync(guide.Steps.Count);
        for (var step = 1; step <= guide.Steps.Count; step++)
        {
            var picture = steps.Nth(step - 1).Locator("img");
            await Expect(picture).ToHaveAttributeAsync("alt", guide.Steps[step - 1]);
            var body = await ExpectServedAsync(context, await picture.GetAttributeAsync("src"), "image/png");
            Assert.True(body.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), $"{slug} step {step}: not a PNG");
        }
        var video = view.Locator("main video");
        await Expect(video).ToHaveCountAsync(1);
        await Expect(video).Not.ToHaveAttributeAsync("autoplay", new Regex(".*"));
        var webm = await ExpectServedAsync(context, await video.Locator("source").GetAttributeAsync("src"), "video/webm");
        Assert.True(webm.AsSpan().StartsWith((byte[])[0x1A, 0x45, 0xDF, 0xA3]), $"{slug}: the video is not WebM (EBML)");
        var english = video.Locator("track[srclang=en]");
        await Expect(english).ToHaveAttributeAsync("kind", "captions");
        await Expect(english).ToHaveAttributeAsync("default", new Regex(".*"));
        foreach (var language in GuideMedia.CaptionLanguages)
        {
            var vtt = System.Text.Encoding.UTF8.GetString(await ExpectServedAsync(context, await video.Locator($"track[srclang={language}]").GetAttributeAsync("src"), "text/vtt"));
            AssertCaptions(vtt, guide.Steps.Count, $"{slug}.{language}.vtt");
        }
        Assert.Contains(guide.Steps[0], await File.ReadAllTextAsync(Path.Combine(GuideRecording.MediaFolder(app), GuideMedia.CaptionsName(slug, "en")), TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // axe runs script in the page, which the context above does not allow.
        await using var scripted = await app.NewContextAsync(1280, 800);
        var checkedView = await scripted.NewPageAsync();
        await checkedView.GotoAsync($"/help/guides/{slug}");
        var violations = await AxeCheck.WcagAaViolationsAsync(checkedView);
        Assert.True(violations.Length == 0, AxeCheck.Describe($"guide {slug}", 1280, violations));
    }

    /// <summary>Answers 200 with the type and a body; returns the body.</summary>
    private static async Task<byte[]> ExpectServedAsync(IBrowserContext context, string? url, string contentType)
    {
        Assert.NotNull(url);
        var response = await context.APIRequest.GetAsync(url);
        Assert.True(response.Status == 200, $"{url}: {response.Status}");
        Assert.StartsWith(contentType, response.Headers["content-type"], StringComparison.Ordinal);
        var body = await response.BodyAsync();
        Assert.True(body.Length > 0, $"{url}: empty");
        return body;
    }

    /// <summary>Starts with WEBVTT; one cue per step, each ending after it starts, each starting no earlier than the last ended.</summary>
    private static void AssertCaptions(string vtt, int steps, string name)
    {
        Assert.StartsWith("WEBVTT", vtt, StringComparison.Ordinal);
        var cues = CueTimes().Matches(vtt).Select(m => (From: Parse(m.Groups["from"].Value), To: Parse(m.Groups["to"].Value))).ToList();
        Assert.Equal(steps, cues.Count);
        var last = TimeSpan.Zero;
        foreach (var (from, to) in cues)
        {
            Assert.True(from >= last && to > from, $"{name}: cue {from}–{to} after {last}");
            last = to;
        }
    }

    private static TimeSpan Parse(string time) => TimeSpan.ParseExact(time, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<from>\d\d:\d\d:\d\d\.\d{3}) --> (?<to>\d\d:\d\d:\d\d\.\d{3})$", RegexOptions.Multiline)]
    private static partial Regex CueTimes();

    // ---- the journeys, one per guide; each step as its text says ----

    private static readonly Dictionary<string, Func<GuideRecordingTests, Guide, Task>> Journeys = new()
    {
        ["register"] = (t, g) => t.RegisterAsync(g),
        ["find-a-doctor"] = (t, g) => t.FindADoctorAsync(g),
        ["book"] = (t, g) => t.BookAsync(g),
        ["reschedule"] = (t, g) => t.RescheduleAsync(g),
        ["cancel"] = (t, g) => t.CancelAsync(g),
        ["history"] = (t, g) => t.HistoryAsync(g),
        ["message-a-doctor"] = (t, g) => t.MessageADoctorAsync(g),
        ["working-hours"] = (t, g) => t.WorkingHoursAsync(g),
        ["time-off"] = (t, g) => t.TimeOffAsync(g),
        ["visit-note"] = (t, g) => t.VisitNoteAsync(g),
    };

    /// <summary>The cookies of a session signed in through the pages, for a recording to start in.</summary>
    private async Task<string> SessionAsync(Func<IPage, Task> signIn)
    {
        await using var context = await app.NewContextAsync(GuideRecording.Width, GuideRecording.Height);
        await signIn(await context.NewPageAsync());
        return await context.StorageStateAsync();
    }

    private Task<string> PatientSessionAsync(string email) => SessionAsync(view => AppPages.SignInAsync(view, email, BookingFixtures.Password));

    private Task<string> StaffSessionAsync(StaffLogin login) => SessionAsync(view => AppPages.SignInWithTwoFactorAsync(view, login));

    private async Task RegisterAsync(Guide guide)
    {
        await using var recording = await GuideRecording.StartAsync(app, guide);
        var view = recording.Page;
        var id = Guid.NewGuid().ToString("N")[..8];
        await view.GotoAsync("/");
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Register", Exact = true }));
        await recording.StepAsync();
        await recording.StepAsync(async () =>
        {
            await view.GetByLabel("Full name", new() { Exact = true }).FillAsync("Alex Example");
            await view.GetByLabel("Date of birth", new() { Exact = true }).FillAsync("1985-04-23");
            await view.GetByLabel("Email address", new() { Exact = true }).FillAsync($"alex.{id}@example.org");
            await view.GetByLabel("Mobile phone number", new() { Exact = true }).FillAsync("+44 7400 " + Random.Shared.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
            await view.GetByLabel("Password", new() { Exact = true }).FillAsync(BookingFixtures.Password);
            await view.GetByLabel("I accept the terms of use").CheckAsync();
        });
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Create account" }));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account is created");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task FindADoctorAsync(Guide guide)
    {
        await using var recording = await GuideRecording.StartAsync(app, guide);
        var view = recording.Page;
        await view.GotoAsync("/");
        await recording.StepAsync(async () =>
        {
            await view.GetByLabel("Specialty", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Cardiology" });
            await view.GetByLabel("City or postcode", new() { Exact = true }).FillAsync("Berlin");
        });
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Search" }));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Cardiology in Berlin");
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, AppPages.FirstDoctorLink(view));
        await Expect(view.Locator("button.slot").First).ToBeVisibleAsync();
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task BookAsync(Guide guide)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var session = await PatientSessionAsync(await app.CreatePatientAsync());
        await using var recording = await GuideRecording.StartAsync(app, guide, session);
        var view = recording.Page;
        await view.GotoAsync($"/doctors/{doctor.Id}");
        // The week after next: a visit that far ahead can still be moved or cancelled online, as the booked page then says.
        await recording.StepAsync(async () =>
        {
            await AppPages.OpenWeekAfterNextAsync(view);
            await view.Locator("button.slot").First.ScrollIntoViewIfNeededAsync();
        });
        await AppPages.ClickAndLoadAsync(view, view.Locator("button.slot").First);
        await recording.StepAsync(() => view.GetByLabel("Reason for the visit").FillAsync("Recurring headaches"));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your appointment is booked");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task RescheduleAsync(Guide guide)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        var appointment = await app.BookAsync(patient, doctor.Id, daysAhead: 8);
        await using var recording = await GuideRecording.StartAsync(app, guide, await PatientSessionAsync(patient));
        var view = recording.Page;
        await view.GotoAsync("/appointments");
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, view.Locator($"main a[href='/appointments/{appointment}']").First);
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "Move to another time" }));
        await recording.StepAsync(() => AppPages.OpenWeekAfterNextAsync(view));
        await AppPages.ClickAndLoadAsync(view, view.Locator("button.slot").Nth(3));
        await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("The appointment has been moved.");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task CancelAsync(Guide guide)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        var appointment = await app.BookAsync(patient, doctor.Id, daysAhead: 8);
        await using var recording = await GuideRecording.StartAsync(app, guide, await PatientSessionAsync(patient));
        var view = recording.Page;
        await view.GotoAsync("/appointments");
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, view.Locator($"main a[href='/appointments/{appointment}']").First);
        await recording.StepAsync(() => view.GetByLabel("Reason for cancelling (optional)").FillAsync("Feeling better"));
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Cancel appointment" }));
        await Expect(view.GetByRole(AriaRole.Status)).ToHaveTextAsync("The appointment is cancelled.");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task HistoryAsync(Guide guide)
    {
        var care = await app.CreateCareAsync(withNote: true);
        await using var recording = await GuideRecording.StartAsync(app, guide, await PatientSessionAsync(care.PatientEmail));
        var view = recording.Page;
        await view.GotoAsync("/records");
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, view.Locator(".record-title a", new() { HasText = "Persistent cough for two weeks" }));
        await Expect(view.GetByRole(AriaRole.Main)).ToContainTextAsync("Honey and warm drinks");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task MessageADoctorAsync(Guide guide)
    {
        var (patient, doctor, _) = await MessagingFixtures.CreateCareAsync(app);
        await using var recording = await GuideRecording.StartAsync(app, guide, await PatientSessionAsync(patient));
        var view = recording.Page;
        await view.GotoAsync("/messages");
        await recording.StepAsync();
        await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = "New conversation" }));
        await recording.StepAsync(async () =>
        {
            await view.GetByLabel("Doctor").SelectOptionAsync(new SelectOptionValue { Label = doctor.FullName });
            await view.GetByLabel("Subject").FillAsync("Question about my tablets");
            await view.GetByLabel("Message", new() { Exact = true }).FillAsync("May I take them with food?");
        });
        await AppPages.ClickAndLoadAsync(view, AppPages.SubmitButton(view));
        await Expect(view.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Question about my tablets");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task WorkingHoursAsync(Guide guide)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        await using var recording = await GuideRecording.StartAsync(app, guide, await StaffSessionAsync(await app.CreateDoctorLoginAsync(doctor.Id)));
        var view = recording.Page;
        await view.GotoAsync("/account/schedule");
        await recording.StepAsync();
        var start = view.Locator($"#clinic-{doctor.ClinicId}-monday-working-1-start");
        await recording.StepAsync(async () =>
        {
            await start.FillAsync("09:00");
            await view.Locator($"#clinic-{doctor.ClinicId}-monday-working-1-end").FillAsync("17:00");
        });
        var saved = await AppPages.ClickAndLoadAsync(view, view.GetByRole(AriaRole.Button, new() { Name = "Save hours at", Exact = false }));
        Assert.Equal(200, saved?.Status);
        await Expect(start).ToHaveValueAsync("09:00");
        await recording.StepAsync();
        await recording.FinishAsync();
    }

    private async Task TimeOffAsync(Guide guide)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var day = await app.LocalDateAsync(await app.BookAsync(await app.CreatePatientAsync(), doctor.Id, daysAhead: 2));
        await using var recording = await GuideRecording.StartAsync(app, guide, await StaffSessionAsync(await app.CreateDoctorLoginAsync(doctor.Id)));
        var view = recording.Page;
        await view.GotoAsync("/account/schedule");
        var absence = view.Locator("main a[href='/account/schedule/absence']");
        await recording.StepAsync(() => absence.ScrollIntoViewIfNeededAsync());
        await AppPages.ClickAndLoadAsync(view, absence);
        await recording.StepAsync(() => AppPages.MarkAbsenceAsync(view, day, day));
        await AppPages.ClickAndLoadAsync(view, view.Locator("form[action*='handler=Record'] button[type=submit]"));
        var affected = view.Locator("input[name='Bulk.AppointmentIds']");
        await Expect(affected).ToHaveCountAsync(1);
        await recording.StepAsync(() => affected.ScrollIntoViewIfNeededAsync());
        await recording.FinishAsync();
    }

    private async Task VisitNoteAsync(Guide guide)
    {
        var care = await app.CreateCareAsync(withNote: false, Duration.FromMinutes(-15));
        await using var recording = await GuideRecording.StartAsync(app, guide, await StaffSessionAsync(care.DoctorLogin));
        var view = recording.Page;
        await view.GotoAsync("/doctor/visits");
        var write = view.Locator($"a[href='/appointments/{care.PastVisitId}/note']");
        await recording.StepAsync(() => write.ScrollIntoViewIfNeededAsync());
        await AppPages.ClickAndLoadAsync(view, write);
        await recording.StepAsync(async () =>
        {
            await view.Locator("#Input_Summary").FillAsync("Sprained left ankle while hiking");
            await view.Locator("#Input_Findings").FillAsync("Swelling, no instability");
            await view.Locator("#Input_DiagnosisCode").FillAsync("S93.4");
            await view.Locator("#Input_FollowUp").FillAsync("Rest, ice, compression, elevation");
            await Expect(view.Locator("#CompleteVisit")).ToBeCheckedAsync();
        });
        await AppPages.ClickAndLoadAsync(view, AppPages.SubmitButton(view));
        await Expect(view.GetByRole(AriaRole.Status)).ToContainTextAsync("The note is saved and the visit is completed.");
        await recording.StepAsync();
        await recording.FinishAsync();
    }
}
