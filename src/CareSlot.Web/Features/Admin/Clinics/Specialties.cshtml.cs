using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Admin.Clinics;

public sealed class SpecialtyInput
{
    public string? Slug { get; set; }
    public string? Name { get; set; }
}

/// <summary>The specialties doctors choose from: add one, rename one, remove one nobody has.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class SpecialtiesModel(SpecialtyQueries queries, SaveSpecialty save, RemoveSpecialty remove, IStringLocalizer<AdminText> text) : PageModel
{
    [BindProperty]
    public SpecialtyInput Input { get; set; } = new();

    public IReadOnlyList<SpecialtyListItem> Specialties { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The specialty whose rename or removal was refused, with why: shown in its row.</summary>
    public (int Id, string Error)? RowError { get; private set; }

    public string? RenameValue { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Specialties = await queries.ListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await save.CreateAsync(new NewSpecialtyRequest(Input.Slug, Input.Name), ct);
            if (outcome.Problem is null) return Done(text["Added: {0}.", outcome.Value!.Name]);
            ModelState.AddProblem(outcome.Problem);
        }
        return await AgainAsync(StatusCodes.Status400BadRequest, ct);
    }

    public async Task<IActionResult> OnPostRenameAsync(int id, string? name, CancellationToken ct)
    {
        RenameValue = name;
        if (!ModelState.IsValid)
        {
            RowError = (id, ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage);
            ModelState.Clear();
            return await AgainAsync(StatusCodes.Status400BadRequest, ct);
        }
        var outcome = await save.RenameAsync(id, new RenameSpecialtyRequest(name), ct);
        if (outcome.Problem is null) return Done(text["Renamed: {0}.", outcome.Value!.Name]);
        if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
        RowError = (id, outcome.Problem.Errors?.Values.First()[0] ?? outcome.Problem.Detail);
        return await AgainAsync(outcome.Problem.Status, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        var outcome = await remove.HandleAsync(id, ct);
        if (outcome.Problem is null) return Done(text["The specialty is removed."]);
        if (outcome.Problem.Status == StatusCodes.Status404NotFound) return NotFound();
        RowError = (id, outcome.Problem.Detail);
        ModelState.Clear();
        return await AgainAsync(outcome.Problem.Status, ct);
    }

    private RedirectToPageResult Done(string message)
    {
        Message = message;
        return RedirectToPage();
    }

    private async Task<IActionResult> AgainAsync(int status, CancellationToken ct)
    {
        Specialties = await queries.ListAsync(ct);
        Response.StatusCode = status;
        return Page();
    }
}
