using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Messaging;

/// <summary>The refusals messaging shares between its use cases.</summary>
public static class MessagingProblems
{
    /// <summary>Someone else's conversation answers exactly like one that does not exist.</summary>
    public static UseCaseProblem NotFound(IStringLocalizer<MessagingText> text) =>
        UseCaseProblem.NotFound(text["Conversation not found."], text["There is no such conversation you can see."]);

    public static UseCaseProblem AttachmentNotFound(IStringLocalizer<MessagingText> text) =>
        UseCaseProblem.NotFound(text["Attachment not found."], text["There is no such attachment you can see."]);

    public static UseCaseProblem Closed(IStringLocalizer<MessagingText> text) =>
        new(StatusCodes.Status409Conflict, text["This conversation is closed."], text["The doctor has closed this conversation. Start a new one to write again."]);

    public static UseCaseProblem RelationshipEnded(IStringLocalizer<MessagingText> text) =>
        new(StatusCodes.Status409Conflict, text["You can no longer write here."],
            text["Messages can be written only while the doctor cares for the patient: an upcoming visit or a recent one. You can still read this conversation."]);
}
