using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CareSlot.Web.Features.Messaging;

/// <summary>The file field of a form (messaging's rules: one PDF, JPEG or PNG, at most 10 MB), with its error.</summary>
public sealed record FileFieldView(string? Error, string Name = "Input.File");

/// <summary>How a page's posted file becomes an upload for a use case, which checks its type by content.</summary>
public static class AttachmentForm
{
    /// <summary>Null when no file was posted, or when it is too large: then the error is added under <paramref name="key"/>.</summary>
    public static async Task<(AttachmentUpload? Upload, bool TooLarge)> ReadFileAsync(IFormFile? posted, ModelStateDictionary modelState, string key,
        IStringLocalizer<MessagingText> fileText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        if (posted is not { Length: > 0 } file) return (null, false);
        if (file.Length > MessageAttachment.MaxBytes)
        {
            modelState.AddModelError(key, fileText["The file is larger than 10 MB."]);
            return (null, true);
        }
        return (await MessagingApi.UploadAsync(file, ct), false);
    }
}
