using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CareSlot.Web.Features.Admin.Accounts;

/// <summary>Every account, found by role, status, name, e-mail or phone; a GET form, so a search is a link.</summary>
[Authorize(Policy = AccountPolicies.AdminWithSecondFactor)]
public sealed class IndexModel(AccountSearch search) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "name")] public string? Name { get; set; }
    [BindProperty(SupportsGet = true, Name = "email")] public string? Email { get; set; }
    [BindProperty(SupportsGet = true, Name = "phone")] public string? Phone { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public string? Role { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    /// <summary>Read from the query itself: Razor Pages' route values hold "page" too (the page's path), and would win.</summary>
    public string? PageNumber => Request.Query["page"].FirstOrDefault();

    public AccountSearchPage? Found { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var outcome = await search.HandleAsync(new AccountSearchRequest(Role, Status, Name, Email, Phone, Sort, PageNumber), ct);
            if (outcome.Problem is { Errors: { } errors })
            {
                foreach (var (field, messages) in errors) ModelState.AddModelError(field, messages[0]);
            }
            Found = outcome.Value;
        }
        if (!ModelState.IsValid) Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>This search's link to another page of it.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["name"] = Name, ["email"] = Email, ["phone"] = Phone, ["role"] = Role, ["status"] = Status, ["sort"] = Sort,
        ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value))).ToUriComponent();
}
