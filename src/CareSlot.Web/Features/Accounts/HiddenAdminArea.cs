using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CareSlot.Web.Features.Accounts;

/// <summary>
/// Whoever is not an administrator gets 404 from every admin page and endpoint, signed in or not: a refusal or a
/// sign-in prompt would confirm that the address exists and what it is for. An administrator whose session lacks the
/// second factor is still told why (access denied), since for them the area is no secret.
/// </summary>
public sealed class HiddenAdminArea : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || context.User.IsInRole(Roles.Admin) || !IsAdminArea(context))
        {
            return standard.HandleAsync(next, context, policy, authorizeResult);
        }
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static bool IsAdminArea(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(data => data.Policy == AccountPolicies.AdminWithSecondFactor) == true;
}
