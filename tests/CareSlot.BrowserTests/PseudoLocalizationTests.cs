using System.Globalization;
using System.Text.RegularExpressions;
using CareSlot.Web.Features.Appointments;
using System.Text.Json;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CareSlot.BrowserTests;

/// <summary>
/// Every page in the pseudo-language (<see cref="PseudoLocalization"/>), signed out and signed in: any word a person
/// can see or hear that is neither bracketed by a localizer nor data (a name, an address, a date) was written into the
/// page by hand and would stay English in German. The longer text must still fit 320 px without sideways scrolling.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class PseudoLocalizationTests(BrowserApp app)
{
    public static TheoryData<string> PageNames { get; } = new(AppPages.Names);

    /// <summary>Every text node and every text a screen reader reads from an attribute, except what is marked as not to translate.</summary>
    private const string VisibleAndSpokenText = """
        () => {
          const parts = [document.title];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
            acceptNode: node => node.nodeType === Node.ELEMENT_NODE
              ? (node.matches('script, style, template, [translate=no]') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
              : NodeFilter.FILTER_ACCEPT });
          for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.nodeValue);
          for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit][value], input[type=button][value]')) {
            if (element.closest('[translate=no]')) continue;
            for (const name of ['aria-label', 'title', 'placeholder', 'alt']) if (element.hasAttribute(name)) parts.push(element.getAttribute(name));
            if (element.matches('input[type=submit], input[type=button]')) parts.push(element.value);
          }
          return parts.join(' ');
        }
        """;

    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task Page_ShowsOnlyLocalizedText_AndFits320(string page)
    {
        await using var language = await app.SpeakAsync(PseudoLocalization.Culture);
        await using var context = await app.NewContextAsync(375, 812);
        var view = await context.NewPageAsync();
        await AppPages.OpenAsync(view, page);
        Assert.Equal("qps", await view.EvaluateAsync<string>("() => document.documentElement.lang"));

        var text = WithoutLocalizedText(await view.EvaluateAsync<string>(VisibleAndSpokenText));
        foreach (var phrase in await DataAsync()) text = WithoutPhrase(text, phrase);
        var unlocalized = Words(text).Distinct().ToList();
        Assert.True(unlocalized.Count == 0, $"{page}: text that did not go through a localizer: {string.Join(", ", unlocalized)}");

        await view.SetViewportSizeAsync(320, 640);
        await AppPages.AssertFitsWidthAsync(view, page);
    }

    /// <summary>Localized text is bracketed, and data inside it (a name in a sentence) goes with it.</summary>
    private static string WithoutLocalizedText(string text)
    {
        string before;
        do
        {
            before = text;
            text = Bracketed().Replace(text, " ");
        }
        while (text != before);
        return text;
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    /// <summary>A data value is taken out only where it stands whole, so a biography's "the" does not excuse a stray "the".</summary>
    private static string WithoutPhrase(string text, string phrase) =>
        Regex.Replace(text, $@"(?<!\p{{L}}){Regex.Escape(phrase)}(?!\p{{L}})", " ", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>
    /// What is data, not the app's text, longest first: what people and the demo seed typed (names, addresses, clinics,
    /// visit types, reasons, biographies), the zone ids and English dates pages write with the clinic's time, and the few
    /// words that are the same in every language.
    /// </summary>
    private async Task<IReadOnlyList<string>> DataAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CareSlotDb>();
        var data = new List<string?>();
        foreach (var u in await db.Users.Select(u => new { u.FullName, u.Email, u.Address, u.EmergencyContactName }).ToListAsync())
        {
            data.AddRange([u.FullName, u.Email, u.Address, u.EmergencyContactName]);
        }
        foreach (var c in await db.Clinics.Select(c => new { c.Name, c.AddressLine, c.City, c.Postcode, c.TimeZoneId }).ToListAsync())
        {
            data.AddRange([c.Name, c.AddressLine, c.City, c.Postcode, c.TimeZoneId]);
        }
        foreach (var d in await db.Doctors.Select(d => new { d.Title, d.GivenName, d.FamilyName, d.Bio, d.LicenceNumber }).ToListAsync())
        {
            data.AddRange([d.Title, d.GivenName, d.FamilyName, d.Bio, d.LicenceNumber]);
        }
        data.AddRange(await db.AppointmentTypes.Select(t => t.Name).ToListAsync());
        // Reasons are sealed at rest: the pages show them opened.
        var protector = scope.ServiceProvider.GetRequiredService<FieldProtector>();
        data.AddRange((await db.Appointments.Select(a => new { a.Id, a.Reason }).ToListAsync())
            .Select(a => protector.OpenOrLegacy(a.Reason, a.Id, Appointment.ReasonColumn)));
        data.AddRange(await db.AppointmentHistory.Select(h => h.Reason).ToListAsync());
        // What doctors and patients wrote in the medical history, opened as its pages show it.
        foreach (var version in await db.RecordEntryVersions.ToListAsync())
        {
            var content = JsonSerializer.Deserialize<RecordContent>(
                protector.Open(version.Content, version.Id, RecordEntryVersion.ContentColumn), RecordJson)!;
            data.AddRange([content.Title, content.Summary, content.Findings, content.Diagnosis, content.DiagnosisCode, content.Prescriptions, content.FollowUp]);
            if (version.AmendmentReason is { } reason) data.Add(protector.Open(reason, version.Id, RecordEntryVersion.AmendmentReasonColumn));
        }
        data.AddRange(await db.TimeOff.Select(t => t.Note).ToListAsync());
        // What patients wrote in reviews and doctors in replies, and the moderators' reasons; the moderator's page cuts the words
        // at the blocked ones (each piece its own text), so the pieces count too.
        var blocked = scope.ServiceProvider.GetRequiredService<CareSlot.Web.Features.Reviews.BlockedWords>();
        foreach (var review in await db.Reviews.Select(r => new { r.Text, r.Reply, r.RejectionReason }).ToListAsync())
        {
            data.AddRange([review.Text, review.Reply, review.RejectionReason]);
            data.AddRange(blocked.Split(review.Text).Select(piece => piece.Text.Trim()));
        }
        // What administrators wrote in the FAQ: its topics and questions, the Markdown in the edit form, and the text of each answer
        // as its sanitized HTML shows it (a text node between two tags each).
        foreach (var entry in await db.FaqEntries.Select(e => new { e.Topic, e.Question, e.AnswerMarkdown, e.AnswerHtml }).ToListAsync())
        {
            data.AddRange([entry.Topic, entry.Question, entry.AnswerMarkdown]);
            data.AddRange(Tag().Split(entry.AnswerHtml).Select(System.Net.WebUtility.HtmlDecode));
        }
        // Who asked the help desk (a visitor has no account) and what they and the agents wrote, opened as the pages show it;
        // the agents' saved answers.
        data.AddRange((await db.SupportTickets.Select(t => new { t.RequesterEmail, t.RequesterName }).ToListAsync())
            .SelectMany(t => new[] { t.RequesterEmail, t.RequesterName }));
        foreach (var post in await db.TicketPosts.ToListAsync())
        {
            data.Add(protector.Open(post.SealedBody, post.Id, nameof(post.SealedBody)));
            if (post.SealedSubject is { } subject) data.Add(protector.Open(subject, post.Id, nameof(post.SealedSubject)));
        }
        data.AddRange((await db.CannedAnswers.Select(a => new { a.Title, a.Body }).ToListAsync()).SelectMany(a => new[] { a.Title, a.Body }));
        // What administrators wrote in surveys (titles, introductions, questions, each choice and the choices as the form shows
        // them) and the free-text answers, opened as the results page shows them.
        data.AddRange((await db.Surveys.Select(v => new { v.Title, v.Intro }).ToListAsync()).SelectMany(v => new[] { v.Title, v.Intro }));
        foreach (var question in await db.SurveyQuestions.Select(q => new { q.Prompt, q.Choices }).ToListAsync())
        {
            data.AddRange([question.Prompt, question.Choices, .. question.Choices.Split('\n')]);
        }
        data.AddRange((await db.SurveyAnswers.Where(x => x.SealedText != null).Select(x => new { x.Id, x.SealedText }).ToListAsync())
            .Select(x => protector.Open(x.SealedText!, x.Id, nameof(x.SealedText))));
        var english = CultureInfo.GetCultureInfo("en-GB").DateTimeFormat;
        data.AddRange([.. english.DayNames, .. english.AbbreviatedDayNames, .. english.MonthNames, .. english.AbbreviatedMonthNames]);
        data.AddRange(["CET", "CEST", "GMT", "BST", "EST", "EDT", "UTC"]);
        // The brand, the API's name, each language named in itself in the switcher, and the mailbox's fixture e-mail.
        data.AddRange(["CareSlot", "API", "English", "Deutsch", BrowserApp.FixtureEmailSubject]);
        return [.. data.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!.Trim()).Distinct().OrderByDescending(d => d.Length)];
    }

    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web);

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Bracketed();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
