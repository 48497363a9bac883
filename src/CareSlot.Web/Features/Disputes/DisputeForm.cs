using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Messaging;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Disputes;

/// <summary>What the parties' dispute forms post: a statement and one optional file (and, when opening, the kind).</summary>
public sealed class StatementInput
{
    public string? Kind { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Statement { get; set; }

    public IFormFile? File { get; set; }
}

/// <summary>The file field of a statement form, with its error.</summary>
public sealed record FileFieldView(string? Error);

/// <summary>The parties' forms share how a posted file becomes an upload and how a use case's refusal lands next to the fields.</summary>
public static class DisputeForm
{
    /// <summary>The posted file read for the use case (which checks its type by content); null when none, or when too large (the error is added).</summary>
    public static async Task<(AttachmentUpload? Upload, bool TooLarge)> ReadFileAsync(StatementInput input, ModelStateDictionary modelState,
        IStringLocalizer<MessagingText> fileText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(modelState);
        if (input.File is not { Length: > 0 } file) return (null, false);
        if (file.Length > MessageAttachment.MaxBytes)
        {
            modelState.AddModelError("Input.File", fileText["The file is larger than 10 MB."]);
            return (null, true);
        }
        return (await MessagingApi.UploadAsync(file, ct), false);
    }
}
