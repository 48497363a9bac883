using CareSlot.Scheduling;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace CareSlot.Web.Features.Messaging;

/// <summary>What one may do with a conversation; <see cref="ConversationAuthorizationHandler"/> decides each, in one place.</summary>
public static class MessagingOperations
{
    /// <summary>See the conversation: its subject, messages and attachments.</summary>
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };

    /// <summary>Write a message (with attachments) into it; for a conversation not yet saved, start it.</summary>
    public static readonly OperationAuthorizationRequirement Send = new() { Name = nameof(Send) };

    /// <summary>End it: no one writes to it any more, both still read it.</summary>
    public static readonly OperationAuthorizationRequirement Close = new() { Name = nameof(Close) };
}

/// <summary>
/// Who may do what with a conversation. A patient: their own conversations; they write while a care relationship with the
/// doctor exists (<see cref="CareRelationships"/>) and the conversation is open. A doctor, only in a session with a
/// second factor: their own conversations; they write under the same rules, and close. When the relationship ends, both
/// still read what was written, and neither writes: the doctor does not reply either, since messaging is part of caring
/// for the patient and that has ended (the patient books again to start a new one). An administrator with a second factor
/// reads (never writes) only while they hold open break-glass access to that patient (<see cref="BreakGlass"/>). Support
/// and everyone else: nothing. Callers turn any refusal of <see cref="MessagingOperations.Read"/> into 404, never 403.
/// </summary>
public sealed class ConversationAuthorizationHandler(CareSlotDb db, CareRelationships relationships, BreakGlass breakGlass)
    : AuthorizationHandler<OperationAuthorizationRequirement, Conversation>
{
    private (System.Security.Claims.ClaimsPrincipal User, Viewer? Viewer)? known;

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        Conversation resource)
    {
        if (await AllowedAsync(context.User, requirement, resource, CancellationToken.None)) context.Succeed(requirement);
    }

    private async Task<bool> AllowedAsync(System.Security.Claims.ClaimsPrincipal user, OperationAuthorizationRequirement operation,
        Conversation conversation, CancellationToken ct)
    {
        var viewer = await ViewerAsync(user, ct);
        var secondFactor = user.HasClaim(AccountPolicies.AuthenticationMethod, AccountPolicies.MultiFactor);
        switch (viewer)
        {
            case { Actor: Actor.Admin }:
                return operation == MessagingOperations.Read && secondFactor
                    && await breakGlass.IsOpenAsync(viewer.AccountId, conversation.PatientId, ct);
            case { Actor: Actor.Doctor, DoctorId: { } doctorId }:
                if (!secondFactor || conversation.DoctorId != doctorId) return false;
                if (operation == MessagingOperations.Read || operation == MessagingOperations.Close) return true;
                return operation == MessagingOperations.Send && !conversation.IsClosed
                    && await relationships.ExistsAsync(doctorId, conversation.PatientId, ct);
            case { Actor: Actor.Patient }:
                if (conversation.PatientId != viewer.AccountId) return false;
                if (operation == MessagingOperations.Read) return true;
                return operation == MessagingOperations.Send && !conversation.IsClosed
                    && await relationships.ExistsAsync(conversation.DoctorId, conversation.PatientId, ct);
            default:
                return false;
        }
    }

    /// <summary>A page asks about several operations in one request; the viewer (one query for a doctor) is looked up once.</summary>
    private async Task<Viewer?> ViewerAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        if (known is { } cached && ReferenceEquals(cached.User, user)) return cached.Viewer;
        var viewer = await Viewer.FromAsync(user, db, ct);
        known = (user, viewer);
        return viewer;
    }
}
