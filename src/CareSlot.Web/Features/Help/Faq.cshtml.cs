using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Help;

/// <summary>
/// The FAQ by topic, or what a search finds (best first), in the page's language (English when it has no entries); each
/// answer asks "was this helpful?" with a form that works without JavaScript. A search that is too long or carries control
/// characters is a 400 with the message next to the field, and the whole FAQ below it.
/// </summary>
public sealed class FaqModel(FaqQueries queries, VoteOnFaqEntry vote, IStringLocalizer<HelpText> text) : PageModel
{
    /// <summary>A visitor's voter id: random, HttpOnly, only ever compared, so one browser votes once per entry.</summary>
    public const string VoterCookie = "CareSlot.FaqVoter";

    public FaqPage Faq { get; private set; } = new(FaqLanguages.English, null, null, false, [], [], []);

    public string? Q { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    /// <summary>The entry just voted on, thanked beside its buttons.</summary>
    [TempData]
    public int? VotedEntry { get; set; }

    public async Task OnGetAsync(string? q, string? topic, CancellationToken ct)
    {
        Q = q;
        var errors = ModelState.Where(e => e.Value!.Errors.Count > 0).ToDictionary(e => e.Key, e => new[] { e.Value!.Errors[0].ErrorMessage });
        var outcome = errors.Count > 0 ? default : await queries.ReadAsync(q, topic, null, ct);
        if (outcome.Problem?.Errors is { } problems) errors = new(problems);
        if (errors.Count > 0)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            outcome = await queries.ReadAsync(null, null, null, ct);
        }
        Faq = outcome.Value!;
    }

    public async Task<IActionResult> OnPostVoteAsync(int id, bool? helpful, string? q, string? topic, CancellationToken ct)
    {
        if (!ModelState.IsValid || helpful is null) return BadRequest();
        var outcome = await vote.HandleAsync(id, Voter(), helpful.Value, ct);
        if (outcome.Problem is not null) return NotFound();
        VotedEntry = id;
        var pairs = new List<KeyValuePair<string, string?>>();
        if (!string.IsNullOrEmpty(q)) pairs.Add(new("q", q));
        if (!string.IsNullOrEmpty(topic)) pairs.Add(new("topic", topic));
        var query = QueryString.Create(pairs);
        return LocalRedirect($"/help/faq{query}#faq-{id}");
    }

    public string ResultsHeading => Faq.Results.Count == 1 ? text["1 question found"] : text["{0} questions found", Faq.Results.Count];

    private string Voter()
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is { Length: > 0 } account) return "account:" + account;
        if (Request.Cookies.TryGetValue(VoterCookie, out var known) && known.Length == 32 && known.All(char.IsAsciiHexDigitLower)) return "browser:" + known;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        Response.Cookies.Append(VoterCookie, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/help",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
        return "browser:" + id;
    }
}
