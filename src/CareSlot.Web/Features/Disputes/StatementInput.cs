using System.ComponentModel.DataAnnotations;

namespace CareSlot.Web.Features.Disputes;

/// <summary>What the parties' dispute forms post: a statement and one optional file (and, when opening, the kind).</summary>
public sealed class StatementInput
{
    public string? Kind { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Statement { get; set; }

    public IFormFile? File { get; set; }
}
