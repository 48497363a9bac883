using System.Security.Claims;

namespace CareSlot.Web.Features.Accounts;

public static class AccountClaims
{
    /// <summary>The signed-in account's id; only for endpoints that already require an authenticated user.</summary>
    public static Guid AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The endpoint must require an authenticated account.");
}
