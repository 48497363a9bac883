using CareSlot.Web.Features.Doctors;
using Microsoft.Playwright;
using NodaTime;
using static Microsoft.Playwright.Assertions;

namespace CareSlot.BrowserTests;

/// <summary>The pages every browser check visits, by the short name used in test names and screenshots.</summary>
public static class AppPages
{
    public const string Profile = "profile";

    /// <summary>The verified patient the Development demo seed creates (README lists it).</summary>
    public const string DemoPatientEmail = "patient@careslot.test";
    public const string DemoPassword = "CareSlot-demo-2026";

    /// <summary>A page and how a person gets to it; <see cref="Open"/> returns the response of the page finally shown.</summary>
    private sealed record AppPage(string Name, int Status, Func<IPage, Task<IResponse?>> Open);

    private static readonly AppPage[] All =
    [
        Visit("home", "/", 200),
        Visit("directory", "/doctors", 200),
        Visit("directory-cardiology", "/doctors?specialty=cardiology", 200),
        Visit("directory-page-2", "/doctors?page=2", 200),
        new(Profile, 200, async view => await view.GotoAsync(await FirstProfilePathAsync(view))),
        Visit("not-found", "/no-such-page", 404),
        Visit("directory-invalid-page", "/doctors?page=0", 400),
        Visit("directory-invalid-dates", "/doctors?from=2000-01-02&to=2000-01-01", 400),
        Visit("language", "/language", 200),
        Visit("register", "/account/register", 200),
        new("register-errors", 400, OpenRegisterWithErrorsAsync),
        Visit("sign-in", "/account/sign-in", 200),
        Visit("verify-phone", "/account/verify-phone?email=new.patient%40example.org&registered=true", 200),
        Visit("verify-email-invalid", "/account/verify-email?token=not-a-real-token", 400),
        new("accept-invitation", 200, async view => await view.GotoAsync(await App.CreateInvitationPathAsync())),
        Visit("accept-invitation-invalid", "/account/accept-invitation?token=not-a-real-token", 400),
        new("account", 200, view => SignInAsync(view, DemoPatientEmail, DemoPassword)),
        new("account-profile", 200, OpenAccountProfileAsync),
        new("access-log", 200, OpenAccessLogAsync),
        new("account-data", 200, async view =>
        {
            await SignInAsync(view, DemoPatientEmail, DemoPassword);
            return await view.GotoAsync("/account/data");
        }),
        // Only the page and its warnings: the demo patient is never erased here (PrivacyJourneyTests erases its own patient).
        new("account-data-erase", 200, async view =>
        {
            await SignInAsync(view, DemoPatientEmail, DemoPassword);
            return await view.GotoAsync("/account/data/erase");
        }),
        new("admin-privacy-erasures", 200, async view =>
        {
            await App.SeedErasureRequestsAsync();
            return await OpenAsAdminAsync(view, "/admin/privacy/erasures");
        }),
        Visit("privacy-notice", "/privacy", 200),
        new("account-privacy", 200, async view =>
        {
            await SignInAsync(view, DemoPatientEmail, DemoPassword);
            return await view.GotoAsync("/account/privacy");
        }),
        new("account-privacy-review", 200, OpenPrivacyReviewAsync),
        new("booking-confirm", 200, OpenBookingConfirmationAsync),
        new("booking-slot-taken", 409, OpenSlotTakenAsync),
        new("appointments", 200, OpenAppointmentsAsync),
        new("appointment", 200, async view => await view.GotoAsync(await FirstUpcomingAppointmentPathAsync(view))),
        new("appointment-reschedule", 200, async view => await view.GotoAsync(await FirstUpcomingAppointmentPathAsync(view) + "/reschedule")),
        new("schedule", 200, OpenScheduleAsync),
        new("schedule-conflict", 409, OpenScheduleConflictAsync),
        new("appointment-type-edit", 200, OpenAppointmentTypeAsync),
        new("admin", 200, view => OpenAsAdminAsync(view, "/admin")),
        new("admin-dashboard", 200, view => OpenAsAdminAsync(view, "/admin/dashboard")),
        new("deliveries", 200, OpenDeliveriesAsync),
        new("admin-doctors-pending", 200, async view =>
        {
            await App.SeedDoctorInReviewAsync(DoctorReview.Answered);
            return await OpenAsAdminAsync(view, "/admin/doctors/pending");
        }),
        new("admin-doctor-review", 200, async view =>
            await OpenAsAdminAsync(view, $"/admin/doctors/pending/{(await App.SeedDoctorInReviewAsync(DoctorReview.Answered)).DoctorId}")),
        new("admin-doctor-review-errors", 400, async view =>
        {
            await OpenAsAdminAsync(view, $"/admin/doctors/pending/{(await App.SeedDoctorInReviewAsync(DoctorReview.Answered)).DoctorId}");
            return await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Reject'] button[type=submit]"));
        }),
        new("doctor-profile-question", 200, async view =>
        {
            await SignInWithTwoFactorAsync(view, (await App.SeedDoctorInReviewAsync(DoctorReview.AwaitingAnswer)).Doctor);
            return await view.GotoAsync("/account/doctor-profile");
        }),
        new("admin-problems", 200, async view =>
            await OpenAsAdminAsync(view, "/admin/problems?id=" + Uri.EscapeDataString(await App.SeedTechnicalProblemsAsync()))),
        new("records", 200, view => OpenRecordsAsync(view, "/records")),
        new("record-entry", 200, OpenRecordEntryAsync),
        new("records-print", 200, view => OpenRecordsAsync(view, "/records/print")),
        new("records-new-errors", 400, OpenNewRecordWithErrorsAsync),
        new("visit-note", 200, OpenVisitNoteAsync),
        new("doctor-visits", 200, view => OpenAsDoctorAsync(view, _ => "/doctor/visits")),
        new("my-patients", 200, view => OpenAsDoctorAsync(view, _ => "/doctor/patients")),
        new("chart", 200, view => OpenAsDoctorAsync(view, care => $"/patients/{care.PatientId}/chart")),
        new("record-amend", 200, OpenRecordAmendAsync),
        new("break-glass", 200, OpenBreakGlassAsync),
        new("audit", 200, view => OpenAsAdminAsync(view, "/admin/audit")),
        new("admin-backups", 200, view => OpenAsAdminAsync(view, "/admin/backups")),
        new("admin-compliance", 200, view => OpenAsAdminAsync(view, "/admin/compliance")),
        new("admin-sub-processors", 200, view => OpenAsAdminAsync(view, "/admin/compliance/sub-processors")),
        new("audit-errors", 400, view => OpenAsAdminAsync(view, "/admin/audit?user=nobody%40example.org&outcome=maybe&from=2026-11-24&to=2026-11-23")),
        new("admin-clinics", 200, view => OpenAsAdminAsync(view, "/admin/clinics")),
        new("admin-clinic-new-errors", 400, OpenNewClinicWithErrorsAsync),
        new("admin-clinic", 200, OpenClinicAsync),
        new("admin-clinic-retire-refused", 409, OpenClinicRetireRefusedAsync),
        new("admin-specialties", 200, view => OpenAsAdminAsync(view, "/admin/specialties")),
        new("admin-calendar-clinic", 200, view => OpenCalendarAsync(view, doctor => $"/admin/calendar/clinics/{doctor.ClinicId}?view=week")),
        new("admin-calendar-doctor", 200, view => OpenCalendarAsync(view, doctor => $"/admin/calendar/doctors/{doctor.Id}?view=day")),
        new("admin-calendar-errors", 400, view => OpenCalendarAsync(view, doctor => $"/admin/calendar/clinics/{doctor.ClinicId}?view=month")),
        new("admin-accounts", 200, view => OpenAsAdminAsync(view, "/admin/accounts")),
        new("admin-accounts-errors", 400, view => OpenAsAdminAsync(view, "/admin/accounts?status=asleep&phone=call-me")),
        new("admin-account", 200, OpenAdminAccountAsync),
        new("admin-account-errors", 400, OpenAdminAccountWithErrorsAsync),
        new("admin-invite", 200, view => OpenAsAdminAsync(view, "/admin/accounts/invite")),
        new("admin-invite-errors", 400, async view =>
        {
            await OpenAsAdminAsync(view, "/admin/accounts/invite");
            return await ClickAndLoadAsync(view, SubmitButton(view));
        }),
        new("admin-appointments", 200, view => OpenAsAdminAsync(view, "/admin/appointments")),
        new("admin-appointments-errors", 400, view => OpenAsAdminAsync(view, "/admin/appointments?status=asleep&from=2026-13-01")),
        new("admin-appointment", 200, OpenAdminAppointmentAsync),
        new("admin-appointment-errors", 400, async view =>
        {
            await OpenAdminAppointmentAsync(view);
            return await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Cancel'] button[type=submit]"));
        }),
        new("admin-absence", 200, view => OpenAbsenceWithAffectedAsync(view, asDoctor: false)),
        new("own-absence", 200, view => OpenAbsenceWithAffectedAsync(view, asDoctor: true)),
        new("admin-absence-errors", 400, async view =>
        {
            var doctor = await App.CreateBookableDoctorAsync();
            await OpenAsAdminAsync(view, $"/admin/doctors/{doctor.Id}/absence");
            return await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Record'] button[type=submit]"));
        }),
        new("messages", 200, OpenMessagesAsync),
        new("messages-new", 200, OpenNewConversationAsync),
        new("conversation", 200, OpenConversationAsync),
        new("conversation-errors", 400, OpenConversationWithErrorsAsync),
        new("conversation-doctor", 200, OpenConversationAsDoctorAsync),
        new("disputes", 200, OpenDisputesAsync),
        new("dispute-new", 200, OpenNewDisputeAsync),
        new("dispute-new-errors", 400, async view =>
        {
            await OpenNewDisputeAsync(view);
            return await ClickAndLoadAsync(view, SubmitButton(view));
        }),
        new("dispute", 200, OpenDisputeAsync),
        new("dispute-doctor", 200, OpenDisputeAsDoctorAsync),
        new("admin-disputes", 200, async view =>
        {
            await Current().CreateDisputeAsync(takenOn: false);
            return await OpenAsAdminAsync(view, "/admin/disputes");
        }),
        new("admin-disputes-errors", 400, view => OpenAsAdminAsync(view, "/admin/disputes?state=asleep&kind=rudeness")),
        new("admin-dispute", 200, OpenAdminDisputeAsync),
        Visit("help", "/help", 200),
        Visit("faq", "/help/faq", 200),
        Visit("faq-search", "/help/faq?q=appointment", 200),
        Visit("faq-search-errors", "/help/faq?q=" + new string('a', 201), 400),
        // With or without recorded media: this check may run before GuideRecordingTests, or after on a tree that has it.
        Visit("guides", "/help/guides", 200),
        Visit("guide", "/help/guides/book", 200),
        new("admin-faq", 200, view => OpenAsAdminAsync(view, "/admin/faq")),
        new("admin-faq-new", 200, view => OpenAsAdminAsync(view, "/admin/faq/new")),
        new("admin-faq-edit", 200, OpenFaqEntryAsync),
        new("admin-faq-edit-errors", 400, async view =>
        {
            await OpenFaqEntryAsync(view);
            await view.Locator("#Input_Question").FillAsync("");
            var response = await ClickAndLoadAsync(view, SubmitButton(view));
            await Expect(view.Locator(".error-summary")).ToBeVisibleAsync();
            return response;
        }),
        Visit("help-ticket-new", "/help/tickets/new", 200),
        new("help-ticket-new-errors", 400, async view =>
        {
            await view.GotoAsync("/help/tickets/new");
            return await ClickAndLoadAsync(view, SubmitButton(view));
        }),
        new("help-tickets", 200, async view =>
        {
            var fixture = await Current().CreateTicketAsync(visitor: false);
            await SignInAsync(view, fixture.PatientEmail!, BookingFixtures.Password);
            return await view.GotoAsync("/help/tickets");
        }),
        new("help-ticket-visitor", 200, async view =>
        {
            var fixture = await Current().CreateTicketAsync(visitor: true);
            return await view.GotoAsync($"/help/tickets/{fixture.TicketId}?key={Uri.EscapeDataString(fixture.VisitorKey!)}");
        }),
        new("support-queue", 200, async view =>
        {
            var fixture = await Current().CreateTicketAsync(visitor: true);
            await SignInWithTwoFactorAsync(view, fixture.AgentLogin);
            return await view.GotoAsync("/support?status=all");
        }),
        new("support-queue-errors", 400, view => OpenAsAdminAsync(view, "/support?status=sideways&assigned=everybody")),
        new("support-answers", 200, async view =>
        {
            await Current().CreateTicketAsync(visitor: true);
            return await OpenAsAdminAsync(view, "/support/answers");
        }),
        new("support-answers-errors", 400, async view =>
        {
            await OpenAsAdminAsync(view, "/support/answers");
            return await ClickAndLoadAsync(view, view.GetByRole(AriaRole.Main).Locator("form[method=post] button[type=submit]").First);
        }),
        new("support-ticket", 200, async view =>
        {
            var fixture = await Current().CreateTicketAsync(visitor: false);
            await SignInWithTwoFactorAsync(view, fixture.AgentLogin);
            return await view.GotoAsync($"/support/tickets/{fixture.TicketId}");
        }),
        new("chat-widget", 200, async view =>
        {
            var response = await view.GotoAsync("/");
            await view.Locator("#chat-launcher").ClickAsync();
            await Expect(view.Locator("#chat-panel[data-live=true]")).ToBeVisibleAsync();
            return response;
        }),
        new("live-chat-console", 200, async view =>
        {
            var fixture = await Current().CreateChatAsync();
            await SignInWithTwoFactorAsync(view, fixture.AgentLogin);
            return await view.GotoAsync("/support/chat");
        }),
        new("live-chat-transcript-agent", 200, async view =>
        {
            var fixture = await Current().CreateChatAsync();
            await SignInWithTwoFactorAsync(view, fixture.AgentLogin);
            return await view.GotoAsync($"/support/chat/{fixture.ChatId}");
        }),
        new("my-chats", 200, async view =>
        {
            var fixture = await Current().CreateChatAsync();
            await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
            return await view.GotoAsync("/help/chats");
        }),
        new("my-chat", 200, async view =>
        {
            var fixture = await Current().CreateChatAsync();
            await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
            return await view.GotoAsync($"/help/chats/{fixture.ChatId}");
        }),
        new("support-accounts", 200, async view =>
            await OpenAsAdminAsync(view, $"/support/accounts?q={Uri.EscapeDataString((await Current().CreateSupportCaseAsync()).PatientEmail)}")),
        new("support-accounts-errors", 400, view => OpenAsAdminAsync(view, "/support/accounts?q=a")),
        new("support-account", 200, async view => await OpenAsAdminAsync(view, $"/support/accounts/{(await Current().CreateSupportCaseAsync()).PatientId}")),
        new("support-book", 200, async view =>
        {
            var fixture = await Current().CreateSupportCaseAsync();
            return await OpenAsAdminAsync(view, $"/support/accounts/{fixture.PatientId}/book/{fixture.Doctor.Id}?q={Uri.EscapeDataString(fixture.Doctor.FamilyName)}");
        }),
        new("support-move", 200, async view =>
        {
            var fixture = await Current().CreateSupportCaseAsync();
            return await OpenAsAdminAsync(view, $"/support/accounts/{fixture.PatientId}/appointments/{fixture.AppointmentId}/move");
        }),
        new("review-rate", 200, async view => await OpenAsPatientAsync(view, await Current().CreateCompletedVisitAsync(), visit => $"/appointments/{visit.AppointmentId}/review")),
        new("review-rate-errors", 400, async view =>
        {
            await OpenAsPatientAsync(view, await Current().CreateCompletedVisitAsync(), visit => $"/appointments/{visit.AppointmentId}/review");
            return await ClickAndLoadAsync(view, SubmitButton(view));
        }),
        new("my-reviews", 200, async view =>
            await OpenAsPatientAsync(view, await Current().CreateReviewAsync(4, "Listened carefully.\nThe wait was long.", approved: true, reply: "Thank you; we are working on the waiting times."),
                _ => "/account/reviews")),
        new("doctor-reviews", 200, async view =>
        {
            var reviewed = await Current().CreateReviewAsync(5, "Explained everything twice, kindly.", approved: true);
            await SignInWithTwoFactorAsync(view, reviewed.DoctorLogin);
            return await view.GotoAsync("/account/reviews");
        }),
        new("admin-reviews", 200, async view =>
        {
            await Current().CreateReviewAsync(1, "A scam, the doctor is a quack.", approved: false);
            return await OpenAsAdminAsync(view, "/admin/reviews");
        }),
        new("admin-reviews-errors", 400, view => OpenAsAdminAsync(view, "/admin/reviews?status=asleep")),
        new("admin-review", 200, async view =>
            await OpenAsAdminAsync(view, $"/admin/reviews/{(await Current().CreateReviewAsync(1, "A scam, the doctor is a quack.", approved: false)).ReviewId}")),
        new("admin-surveys", 200, async view =>
        {
            await Current().CreateSurveyAsync(answered: true);
            return await OpenAsAdminAsync(view, "/admin/surveys");
        }),
        new("admin-survey-new", 200, view => OpenAsAdminAsync(view, "/admin/surveys/new")),
        new("admin-survey-new-errors", 400, async view =>
        {
            await OpenAsAdminAsync(view, "/admin/surveys/new");
            var response = await ClickAndLoadAsync(view, SubmitButton(view));
            await Expect(view.Locator(".error-summary")).ToBeVisibleAsync();
            return response;
        }),
        new("admin-survey-edit", 200, async view => await OpenAsAdminAsync(view, $"/admin/surveys/{(await Current().CreateSurveyAsync(answered: false)).SurveyId}")),
        new("admin-survey-results", 200, async view =>
            await OpenAsAdminAsync(view, $"/admin/surveys/{(await Current().CreateSurveyAsync(answered: true)).SurveyId}/results")),
        new("survey-answer", 200, async view => await view.GotoAsync($"/surveys/{(await Current().CreateSurveyAsync(answered: false)).Token}")),
        new("survey-answer-errors", 400, async view =>
        {
            await view.GotoAsync($"/surveys/{(await Current().CreateSurveyAsync(answered: false)).Token}");
            return await ClickAndLoadAsync(view, SubmitButton(view));
        }),
        Visit("survey-thanks", "/surveys/thanks", 200),
        Visit("survey-invalid", "/surveys/not-a-real-link", 404),
        new("profile-reviews", 200, async view =>
            await view.GotoAsync($"/doctors/{(await Current().CreateReviewAsync(4, "Thorough and kind.", approved: true, reply: "Thank you for your kind words.")).Doctor.Id}")),
        Visit("dev-mailbox", "/dev/mailbox", 200),
        new("dev-mailbox-email", 200, OpenFixtureEmailAsync),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>Opens the named page and checks it answered with the status that page should have.</summary>
    public static async Task OpenAsync(IPage view, string name)
    {
        var page = All.Single(p => p.Name == name);
        var response = await page.Open(view) ?? throw new InvalidOperationException($"No response for {name}.");
        Assert.Equal(page.Status, response.Status);
    }

    /// <summary>The registration form sent empty, so every field shows its error (a 400 page).</summary>
    public static async Task<IResponse?> OpenRegisterWithErrorsAsync(IPage view)
    {
        await view.GotoAsync("/account/register");
        var response = await ClickAndLoadAsync(view, SubmitButton(view));
        await Expect(view.Locator(".error-summary")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>Signs in through the form; returns the response of the page it lands on.</summary>
    public static async Task<IResponse?> SignInAsync(IPage view, string email, string password)
    {
        await view.GotoAsync("/account/sign-in");
        await view.Locator("#Input_Email").FillAsync(email);
        await view.Locator("#Input_Password").FillAsync(password);
        return await ClickAndLoadAsync(view, SubmitButton(view));
    }

    /// <summary>The main form's button, found by what it is rather than by its words: page checks run in every language.</summary>
    public static ILocator SubmitButton(IPage view) => view.GetByRole(AriaRole.Main).Locator("form button[type=submit]").First;

    /// <summary>WCAG 1.4.10 reflow: the page never scrolls sideways at the viewport's width.</summary>
    public static async Task AssertFitsWidthAsync(IPage view, string page)
    {
        var widths = await view.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        if (scrollWidth <= innerWidth) return;
        // The innermost elements that reach past the edge, so the message says what to fix.
        var wide = await view.EvaluateAsync<string[]>("""
            () => [...document.body.querySelectorAll('*')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
              .filter(e => { for (let a = e.parentElement; a; a = a.parentElement) if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return false; return true; })
              .slice(0, 5).map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${[...e.classList].map(c => '.' + c).join('')} "${e.textContent.trim().slice(0, 60)}"`)
            """);
        Assert.Fail($"{page} @{innerWidth}px scrolls sideways: its content is {scrollWidth}px wide. Too wide: {string.Join("; ", wide)}");
    }

    /// <summary>The slot week's link to the next week (the last link of its week navigation).</summary>
    public static ILocator NextWeekLink(IPage view) => view.Locator(".week-nav a").Last;

    /// <summary>
    /// Opens the week after next of a slot week. Slot weeks are calendar weeks, so on a Sunday next week's first slots are
    /// less than 24 hours away, where a patient may no longer move or cancel; the week after next is at least eight days away.
    /// </summary>
    public static async Task OpenWeekAfterNextAsync(IPage view)
    {
        await ClickAndLoadAsync(view, NextWeekLink(view));
        await ClickAndLoadAsync(view, NextWeekLink(view));
    }

    /// <summary>
    /// Clicks something that submits a form or follows a link and waits until the page it leads to has loaded.
    /// Returns that page's response: the last one of a redirect chain.
    /// </summary>
    public static async Task<IResponse?> ClickAndLoadAsync(IPage view, ILocator target)
    {
        // Waiting for the load state is only sound once the new document has replaced the old one: right after the
        // response it may not have yet, the old document counts as loaded, and a check that follows (axe) would run on
        // it while the navigation tears it down. The main frame's navigation event says the new one has taken over.
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == view.MainFrame) committed.TrySetResult();
        }
        view.FrameNavigated += OnNavigated;
        try
        {
            IResponse response;
            var leaving = view.Url;
            try
            {
                // Twice Playwright's default: on a 2-core CI machine the integration tests run beside the browser.
                response = await view.RunAndWaitForResponseAsync(() => target.ClickAsync(new() { Timeout = 60_000 }), r =>
                    r.Request.IsNavigationRequest && r.Request.Frame == view.MainFrame && r.Status is < 300 or >= 400,
                    new() { Timeout = 60_000 });
            }
            catch (TimeoutException e)
            {
                // Says which click of a journey led nowhere, which Playwright's own message does not.
                throw new TimeoutException($"Clicking {target} on {leaving} loaded no page within 60 s (now at {view.Url}).", e);
            }
            await committed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            try
            {
                await view.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 10_000 });
            }
            catch (TimeoutException)
            {
                // Playwright can miss the document's load event (seen once in some thousand navigations: a 30 s timeout on
                // a page that had long loaded); a complete document is what the wait was for.
                if (await view.EvaluateAsync<string>("document.readyState") != "complete") throw;
            }
            return response;
        }
        finally
        {
            view.FrameNavigated -= OnNavigated;
        }
    }

    /// <summary>The first doctor listed in the directory, as a person would find it.</summary>
    public static async Task<string> FirstProfilePathAsync(IPage view)
    {
        await view.GotoAsync("/doctors");
        var href = await FirstDoctorLink(view).GetAttributeAsync("href");
        return href ?? throw new InvalidOperationException("The first doctor link has no href.");
    }

    /// <summary>Each result card's heading is a link to the doctor's profile.</summary>
    public static ILocator FirstDoctorLink(IPage view) =>
        view.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 2 }).GetByRole(AriaRole.Link).First;

    public static string ScreenshotPath(string name, int width)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}-{width}.png");
    }

    private static AppPage Visit(string name, string path, int status) => new(name, status, view => view.GotoAsync(path));

    /// <summary>Signs in with the password and then the authenticator code, as a doctor or an administrator must to see patients' data.</summary>
    public static async Task SignInWithTwoFactorAsync(IPage view, StaffLogin login)
    {
        await SignInAsync(view, login.Email, BookingFixtures.Password);
        await Expect(view).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in/two-factor"));
        await view.Locator("#Code").FillAsync(new OtpNet.Totp(login.AuthenticatorKey).ComputeTotp());
        await ClickAndLoadAsync(view, SubmitButton(view));
        await Expect(view).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account$"));
    }

    /// <summary>A doctor of their own (so no two page checks share a sign-in) opens the schedule page.</summary>
    private static async Task<IResponse?> OpenScheduleAsync(IPage view)
    {
        var app = BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");
        var doctor = await app.CreateBookableDoctorAsync();
        await SignInWithTwoFactorAsync(view, await app.CreateDoctorLoginAsync(doctor.Id));
        return await view.GotoAsync("/account/schedule");
    }

    /// <summary>A doctor narrows a day's hours around a booked visit: the refusal lists it.</summary>
    private static async Task<IResponse?> OpenScheduleConflictAsync(IPage view)
    {
        var app = BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");
        var doctor = await app.CreateBookableDoctorAsync();
        var appointment = await app.BookAsync(await app.CreatePatientAsync(), doctor.Id, daysAhead: 2);
        var (day, beforeNoon) = await app.WeekdayAndHalfOfDayAsync(appointment);
        await SignInWithTwoFactorAsync(view, await app.CreateDoctorLoginAsync(doctor.Id));
        await view.GotoAsync("/account/schedule");
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-start").FillAsync(beforeNoon ? "13:00" : "08:00");
        await view.Locator($"#clinic-{doctor.ClinicId}-{day}-working-1-end").FillAsync(beforeNoon ? "18:00" : "12:00");
        return await ClickAndLoadAsync(view, view.Locator($"form:has(#clinic-{doctor.ClinicId}-{day}-working-1-start) button[type=submit]"));
    }

    private static async Task<IResponse?> OpenAppointmentTypeAsync(IPage view)
    {
        var app = BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");
        var doctor = await app.CreateBookableDoctorAsync();
        await SignInWithTwoFactorAsync(view, await app.CreateDoctorLoginAsync(doctor.Id));
        await view.GotoAsync("/account/schedule");
        return await ClickAndLoadAsync(view, view.Locator("a[href^='/account/schedule/appointment-types/']").First);
    }

    /// <summary>An administrator of their own opens the delivery log with a failed message on top, so its Retry button is checked too.</summary>
    private static async Task<IResponse?> OpenDeliveriesAsync(IPage view)
    {
        var app = BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");
        await app.SeedFailedEmailAsync();
        await SignInWithTwoFactorAsync(view, await app.CreateAdminLoginAsync());
        var response = await view.GotoAsync("/admin/deliveries");
        await Expect(view.Locator("form[action*='handler=Retry'] button").First).ToBeVisibleAsync();
        return response;
    }

    /// <summary>A patient of their own with one conversation (a message each way, an attachment), the list of them.</summary>
    private static async Task<IResponse?> OpenMessagesAsync(IPage view)
    {
        var fixture = await Current().CreateConversationAsync();
        await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync("/messages");
    }

    private static async Task<IResponse?> OpenNewConversationAsync(IPage view)
    {
        var (patient, _, _) = await Current().CreateCareAsync();
        await SignInAsync(view, patient, BookingFixtures.Password);
        return await view.GotoAsync("/messages/new");
    }

    private static async Task<IResponse?> OpenConversationAsync(IPage view)
    {
        var fixture = await Current().CreateConversationAsync();
        await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync($"/messages/{fixture.ConversationId}");
    }

    /// <summary>The send form posted empty: the error next to the message field (a 400 page).</summary>
    private static async Task<IResponse?> OpenConversationWithErrorsAsync(IPage view)
    {
        await OpenConversationAsync(view);
        var response = await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Send'] button[type=submit]"));
        await Expect(view.Locator("#Input_Body-error")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>The doctor's side, with the close button.</summary>
    private static async Task<IResponse?> OpenConversationAsDoctorAsync(IPage view)
    {
        var fixture = await Current().CreateConversationAsync();
        await SignInWithTwoFactorAsync(view, fixture.DoctorLogin);
        return await view.GotoAsync($"/messages/{fixture.ConversationId}");
    }

    /// <summary>A patient's dispute, taken on by an administrator who asked a question, in the list of theirs.</summary>
    private static async Task<IResponse?> OpenDisputesAsync(IPage view)
    {
        var fixture = await Current().CreateDisputeAsync(takenOn: true);
        await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync("/disputes");
    }

    /// <summary>The form that opens a dispute about a booked visit, as the appointment's page links to it.</summary>
    private static async Task<IResponse?> OpenNewDisputeAsync(IPage view)
    {
        var app = Current();
        var doctor = await app.CreateBookableDoctorAsync();
        var patient = await app.CreatePatientAsync();
        var appointmentId = await app.BookAsync(patient, doctor.Id, daysAhead: 2);
        await SignInAsync(view, patient, BookingFixtures.Password);
        return await view.GotoAsync($"/disputes/new?appointmentId={appointmentId}");
    }

    /// <summary>A dispute awaiting the patient's answer: its history with a file, and the statement form.</summary>
    private static async Task<IResponse?> OpenDisputeAsync(IPage view)
    {
        var fixture = await Current().CreateDisputeAsync(takenOn: true);
        await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync($"/disputes/{fixture.DisputeId}");
    }

    private static async Task<IResponse?> OpenDisputeAsDoctorAsync(IPage view)
    {
        var fixture = await Current().CreateDisputeAsync(takenOn: false);
        await SignInWithTwoFactorAsync(view, fixture.DoctorLogin);
        return await view.GotoAsync($"/disputes/{fixture.DisputeId}");
    }

    /// <summary>A dispute under an administrator's review: its facts and clock, history, and the assign, ask and resolve forms.</summary>
    private static async Task<IResponse?> OpenAdminDisputeAsync(IPage view)
    {
        var fixture = await Current().CreateDisputeAsync(takenOn: true);
        await SignInWithTwoFactorAsync(view, fixture.AdminLogin!);
        return await view.GotoAsync($"/admin/disputes/{fixture.DisputeId}");
    }

    private static BrowserApp Current() => BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");

    /// <summary>The demo patient chooses next week's first slot of the first doctor and lands on the confirmation step.</summary>
    private static async Task<IResponse?> OpenBookingConfirmationAsync(IPage view)
    {
        await SignInAsync(view, DemoPatientEmail, DemoPassword);
        await view.GotoAsync(await FirstProfilePathAsync(view));
        await ClickAndLoadAsync(view, NextWeekLink(view));
        return await ClickAndLoadAsync(view, view.Locator("button.slot").First);
    }

    /// <summary>The refusal when a chosen slot is no longer free: the page with its explanation (409).</summary>
    private static async Task<IResponse?> OpenSlotTakenAsync(IPage view)
    {
        await SignInAsync(view, DemoPatientEmail, DemoPassword);
        await view.GotoAsync(await FirstProfilePathAsync(view));
        await ClickAndLoadAsync(view, NextWeekLink(view));
        var slot = view.Locator("button.slot").First;
        // Stands in for another patient taking it first: a start the doctor does not offer is refused the same way.
        await slot.EvaluateAsync("button => button.value = button.value.replace(/T(\\d\\d):\\d\\d/, 'T$1:07')");
        return await ClickAndLoadAsync(view, slot);
    }

    private static async Task<IResponse?> OpenAccountProfileAsync(IPage view)
    {
        await SignInAsync(view, DemoPatientEmail, DemoPassword);
        return await view.GotoAsync("/account/profile");
    }

    /// <summary>A patient of their own withdraws the terms on their privacy page; the next page they open asks for them again.</summary>
    private static async Task<IResponse?> OpenPrivacyReviewAsync(IPage view)
    {
        await SignInAsync(view, await App.CreatePatientAsync(), BookingFixtures.Password);
        await view.GotoAsync("/account/privacy");
        await ClickAndLoadAsync(view, view.Locator("form:has(input[value=terms-and-privacy-notice]) button[type=submit]"));
        var response = await view.GotoAsync("/account");
        await Expect(view).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/privacy/review"));
        return response;
    }

    private static async Task<IResponse?> OpenAccessLogAsync(IPage view)
    {
        await SignInAsync(view, DemoPatientEmail, DemoPassword);
        return await view.GotoAsync("/account/access-log");
    }

    private static async Task<IResponse?> OpenAppointmentsAsync(IPage view)
    {
        await SignInAsync(view, DemoPatientEmail, DemoPassword);
        return await view.GotoAsync("/appointments");
    }

    /// <summary>The demo patient's fixture appointment (<see cref="BrowserApp"/> books it at start), found as a person would.</summary>
    private static async Task<string> FirstUpcomingAppointmentPathAsync(IPage view)
    {
        await OpenAppointmentsAsync(view);
        return await view.Locator("#upcoming-title + .table-scroll tbody a").First.GetAttributeAsync("href")
            ?? throw new InvalidOperationException("The demo patient has no upcoming appointment.");
    }

    private static BrowserApp App => BrowserApp.Current ?? throw new InvalidOperationException("The browser app has not started.");

    /// <summary>A patient of their own, with a visit note in their history, opens one of their record pages.</summary>
    private static async Task<IResponse?> OpenRecordsAsync(IPage view, string path)
    {
        var care = await App.CreateCareAsync(withNote: true);
        await SignInAsync(view, care.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync(path);
    }

    /// <summary>The note, opened from the history list as a patient would.</summary>
    private static async Task<IResponse?> OpenRecordEntryAsync(IPage view)
    {
        await OpenRecordsAsync(view, "/records");
        return await ClickAndLoadAsync(view, view.Locator(".record-title a").First);
    }

    /// <summary>A patient's own entry sent empty: the title's error shows next to it (a 400 page).</summary>
    private static async Task<IResponse?> OpenNewRecordWithErrorsAsync(IPage view)
    {
        await OpenRecordsAsync(view, "/records/new");
        var response = await ClickAndLoadAsync(view, SubmitButton(view));
        await Expect(view.Locator(".error-summary")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>The doctor of a visit that has just started opens its note form.</summary>
    private static async Task<IResponse?> OpenVisitNoteAsync(IPage view)
    {
        var care = await App.CreateCareAsync(withNote: false, Duration.FromMinutes(-10));
        await SignInWithTwoFactorAsync(view, care.DoctorLogin);
        return await view.GotoAsync($"/appointments/{care.PastVisitId}/note");
    }

    /// <summary>A doctor who cares for a patient with a note (and a visit today) opens one of their pages.</summary>
    private static async Task<IResponse?> OpenAsDoctorAsync(IPage view, Func<CareFixture, string> path)
    {
        var care = await App.CreateCareAsync(withNote: true);
        await App.SeedAppointmentAsync(care.PatientEmail, care.Doctor.Id, Duration.FromMinutes(5));
        await SignInWithTwoFactorAsync(view, care.DoctorLogin);
        return await view.GotoAsync(path(care));
    }

    /// <summary>The doctor amends their note: the form starts from the current words.</summary>
    private static async Task<IResponse?> OpenRecordAmendAsync(IPage view)
    {
        await OpenAsDoctorAsync(view, care => $"/patients/{care.PatientId}/chart");
        await ClickAndLoadAsync(view, view.Locator(".record-title a").First);
        return await ClickAndLoadAsync(view, view.Locator("a[href$='/amend']"));
    }

    /// <summary>An administrator of their own opens the emergency-access page.</summary>
    private static async Task<IResponse?> OpenBreakGlassAsync(IPage view)
    {
        await SignInWithTwoFactorAsync(view, await App.CreateAdminLoginAsync());
        return await view.GotoAsync("/admin/break-glass");
    }

    /// <summary>
    /// An administrator of their own opens one of the administration pages (the audit trail: their own sign-in is among its
    /// rows, so its table is checked too).
    /// </summary>
    /// <summary>The fixture's patient signs in and opens the page for it.</summary>
    private static async Task<IResponse?> OpenAsPatientAsync(IPage view, ReviewFixture fixture, Func<ReviewFixture, string> path)
    {
        await SignInAsync(view, fixture.PatientEmail, BookingFixtures.Password);
        return await view.GotoAsync(path(fixture));
    }

    private static async Task<IResponse?> OpenAsAdminAsync(IPage view, string path)
    {
        await SignInWithTwoFactorAsync(view, await App.CreateAdminLoginAsync());
        return await view.GotoAsync(path);
    }

    /// <summary>The first FAQ entry of the Development demo seed, on its edit page with the preview of its answer.</summary>
    private static async Task<IResponse?> OpenFaqEntryAsync(IPage view)
    {
        await OpenAsAdminAsync(view, "/admin/faq");
        var href = await view.Locator("main table a[href^='/admin/faq/']").First.GetAttributeAsync("href");
        return await view.GotoAsync(href!);
    }

    /// <summary>A new clinic sent without a name or coordinates: the errors show next to the fields (a 400 page).</summary>
    private static async Task<IResponse?> OpenNewClinicWithErrorsAsync(IPage view)
    {
        await OpenAsAdminAsync(view, "/admin/clinics/new");
        var response = await ClickAndLoadAsync(view, SubmitButton(view));
        await Expect(view.Locator(".error-summary")).ToBeVisibleAsync();
        return response;
    }

    /// <summary>A clinic with a bookable doctor: its details, rules, doctors and the retire button.</summary>
    private static async Task<IResponse?> OpenClinicAsync(IPage view)
    {
        var doctor = await App.CreateBookableDoctorAsync();
        return await OpenAsAdminAsync(view, $"/admin/clinics/{doctor.ClinicId}");
    }

    /// <summary>Retiring a clinic with a booked visit to come is refused, listing the visit (a 409 page).</summary>
    private static async Task<IResponse?> OpenClinicRetireRefusedAsync(IPage view)
    {
        var doctor = await App.CreateBookableDoctorAsync();
        await App.BookAsync(await App.CreatePatientAsync(), doctor.Id, daysAhead: 2);
        await OpenAsAdminAsync(view, $"/admin/clinics/{doctor.ClinicId}");
        var response = await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Retire'] button"));
        await Expect(view.Locator(".conflict-list li")).ToHaveCountAsync(1);
        return response;
    }

    /// <summary>A clinic whose doctor has a booked visit: its calendar at the visit's date, with the visit's row.</summary>
    private static async Task<IResponse?> OpenCalendarAsync(IPage view, Func<BookableDoctor, string> path)
    {
        var doctor = await App.CreateBookableDoctorAsync();
        var appointment = await App.BookAsync(await App.CreatePatientAsync(), doctor.Id, daysAhead: 2);
        return await OpenAsAdminAsync(view, $"{path(doctor)}&date={await App.LocalDateAsync(appointment)}");
    }

    /// <summary>The demo patient's account as an administrator sees it, found by the search form.</summary>
    private static async Task<IResponse?> OpenAdminAccountAsync(IPage view)
    {
        await OpenAsAdminAsync(view, "/admin/accounts?email=" + Uri.EscapeDataString(DemoPatientEmail));
        return await ClickAndLoadAsync(view, view.Locator("table a[href^='/admin/accounts/']").First);
    }

    /// <summary>The account page after "Suspend" with neither a reason nor the confirmation: both fields show their error.</summary>
    private static async Task<IResponse?> OpenAdminAccountWithErrorsAsync(IPage view)
    {
        await OpenAdminAccountAsync(view);
        return await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Suspend'] button[type=submit]"));
    }

    /// <summary>A booked visit as an administrator sees it, with its doctor's and a colleague's free slots to move it to.</summary>
    private static async Task<IResponse?> OpenAdminAppointmentAsync(IPage view)
    {
        var doctor = await App.CreateBookableDoctorAsync();
        await App.CreateColleagueAsync(doctor);
        var appointmentId = await App.BookAsync(await App.CreatePatientAsync(), doctor.Id, daysAhead: 2);
        return await OpenAsAdminAsync(view, $"/admin/appointments/{appointmentId}");
    }

    /// <summary>A doctor's absence just marked over a booked visit: the visit is listed with the bulk actions.</summary>
    /// <summary>The absence page of a doctor with a visit on the day marked off: an administrator's, or the doctor's own.</summary>
    private static async Task<IResponse?> OpenAbsenceWithAffectedAsync(IPage view, bool asDoctor)
    {
        var doctor = await App.CreateBookableDoctorAsync();
        var day = await App.LocalDateAsync(await App.BookAsync(await App.CreatePatientAsync(), doctor.Id, daysAhead: 2));
        if (asDoctor)
        {
            await SignInWithTwoFactorAsync(view, await App.CreateDoctorLoginAsync(doctor.Id));
            await view.GotoAsync("/account/schedule/absence");
        }
        else
        {
            await OpenAsAdminAsync(view, $"/admin/doctors/{doctor.Id}/absence");
        }
        await MarkAbsenceAsync(view, day, day);
        var response = await ClickAndLoadAsync(view, view.Locator("form[action*='handler=Record'] button[type=submit]"));
        await Expect(view.Locator("input[name='Bulk.AppointmentIds']")).ToHaveCountAsync(1);
        return response;
    }

    /// <summary>Fills the absence page's days-off form (not sent).</summary>
    public static async Task MarkAbsenceAsync(IPage view, string from, string to)
    {
        await view.Locator("#Days_From").FillAsync(from);
        await view.Locator("#Days_To").FillAsync(to);
        await view.Locator("#Days_Reason").FillAsync("Ill at home");
        await view.Locator("#Days_Confirm").CheckAsync();
    }

    /// <summary>The e-mail <see cref="BrowserApp"/> puts in the mailbox at start, opened from the list.</summary>
    private static async Task<IResponse?> OpenFixtureEmailAsync(IPage view)
    {
        await view.GotoAsync("/dev/mailbox");
        return await ClickAndLoadAsync(view, view.GetByRole(AriaRole.Link, new() { Name = BrowserApp.FixtureEmailSubject, Exact = true }));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CareSlot.slnx"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No CareSlot.slnx above {AppContext.BaseDirectory}.");
    }
}
