using CareSlot.Web.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CareSlot.Web.Features.LiveChat;

public static class LiveChatApi
{
    /// <summary>How long a visitor's key (and so their way back into a chat) lasts in their browser.</summary>
    public static readonly TimeSpan VisitorKeyLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// <c>POST /api/v1/chat/visitor-key</c>: before a visitor's first chat, the widget asks for the key that binds it to
    /// their browser, set as an HttpOnly cookie (a script cannot read it, so a script cannot follow someone else's chat).
    /// A browser that has a key keeps it. Signed-in customers need none.
    /// </summary>
    public static IEndpointRouteBuilder MapLiveChatApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/chat/visitor-key", IssueVisitorKey).WithTags("Live chat").RequireAuthorization(AccountPolicies.Anyone);
        return routes;
    }

    private static NoContent IssueVisitorKey(HttpContext context)
    {
        var existing = context.Request.Cookies[ChatCustomer.CookieName];
        if (ChatCustomer.AccountOf(context.User) is null && ChatCustomer.From(null, existing) is null)
        {
            context.Response.Cookies.Append(ChatCustomer.CookieName, ChatCustomer.NewVisitorKey(), new CookieOptions
            {
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = VisitorKeyLifetime,
                IsEssential = true,
            });
        }
        return TypedResults.NoContent();
    }
}
