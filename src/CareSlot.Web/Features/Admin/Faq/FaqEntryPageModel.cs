using CareSlot.Web.Features.Help;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Faq;

/// <summary>What the new and edit pages share: the form, its preview and how a refusal shows next to the fields.</summary>
public abstract class FaqEntryPageModel(SaveFaqEntry save) : PageModel
{
    [BindProperty]
    public FaqEntryInput Input { get; set; } = new();

    /// <summary>The answer as visitors would see it: the form's when previewing or refused, else the saved one.</summary>
    public string? PreviewHtml { get; protected set; }

    public string? FieldError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    protected SaveFaqEntry Save => save;

    protected PageResult Preview()
    {
        if (ModelState.IsValid) PreviewHtml = save.Preview(Input.Answer);
        else Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected PageResult Refused(UseCaseProblem? problem)
    {
        if (problem is not null) ModelState.AddProblem(problem);
        Response.StatusCode = problem?.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }
}
