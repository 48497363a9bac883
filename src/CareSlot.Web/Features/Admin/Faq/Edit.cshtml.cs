using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Help;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Faq;

/// <summary>One FAQ entry: change it (with a preview of the answer first if wanted), see its votes, or delete it.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class EditModel(SaveFaqEntry save, FaqQueries queries, IStringLocalizer<HelpText> text) : FaqEntryPageModel(save)
{
    public FaqAdminEntry? Entry { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new FaqEntryInput
        {
            Language = Entry!.Language, Topic = Entry.Topic, Question = Entry.Question, Answer = Entry.AnswerMarkdown, Order = Entry.Order,
            Published = Entry.IsPublished,
        };
        PreviewHtml = Entry.AnswerHtml;
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Preview() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!ModelState.IsValid) return Refused(null);
        var outcome = await Save.UpdateAsync(id, Input.ToRequest(), ct);
        if (outcome.Problem is { Status: StatusCodes.Status404NotFound }) return NotFound();
        if (outcome.Problem is { } problem) return Refused(problem);
        Message = text["The entry is saved."];
        return LocalRedirect($"/admin/faq/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var outcome = await Save.DeleteAsync(id, ct);
        if (outcome.Problem is not null) return NotFound();
        Message = text["The entry is deleted."];
        return LocalRedirect("/admin/faq");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        Entry = await queries.FindForAdminAsync(id, ct);
        return Entry is not null;
    }
}
