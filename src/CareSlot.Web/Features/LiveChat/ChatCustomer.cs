using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.WebUtilities;

namespace CareSlot.Web.Features.LiveChat;

/// <summary>
/// Who chats as a customer: a signed-in account, or a visitor known only by the random key in their HttpOnly cookie
/// (<see cref="CookieName"/>), stored as its hash. Whoever has neither has no chat to read.
/// </summary>
public sealed record ChatCustomer(Guid? AccountId, string? VisitorKeyHash)
{
    /// <summary>The visitor's key: HttpOnly, so no script (ours or injected) can read it and follow someone else's chat.</summary>
    public const string CookieName = "CareSlot.Chat";

    public static ChatCustomer? From(ClaimsPrincipal? user, string? visitorKey)
    {
        if (AccountOf(user) is { } account) return new ChatCustomer(account, null);
        return visitorKey is { Length: >= 32 and <= 100 } key ? new ChatCustomer(null, Hash(key)) : null;
    }

    public static Guid? AccountOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Support agents and administrators with a second factor: the <see cref="AccountPolicies.SupportAgent"/> policy's people.</summary>
    public static bool IsAgent(ClaimsPrincipal? user) =>
        user is not null && (user.IsInRole(Roles.Support) || user.IsInRole(Roles.Admin))
        && user.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor);

    /// <summary>A new visitor key: 256 random bits, URL-safe.</summary>
    public static string NewVisitorKey() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string visitorKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(visitorKey)));

    /// <summary>The customer's own chats, and no one else's.</summary>
    public IQueryable<ChatConversation> Own(IQueryable<ChatConversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        if (AccountId is { } account) return conversations.Where(c => c.CustomerId == account);
        var hash = VisitorKeyHash;
        return conversations.Where(c => c.CustomerId == null && c.VisitorKeyHash == hash);
    }
}
