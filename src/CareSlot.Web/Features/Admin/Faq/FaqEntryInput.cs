using System.ComponentModel.DataAnnotations;
using CareSlot.Web.Features.Help;

namespace CareSlot.Web.Features.Admin.Faq;

/// <summary>The FAQ entry form of /admin/faq/new and /admin/faq/{id}.</summary>
public sealed class FaqEntryInput
{
    public string? Language { get; set; } = FaqLanguages.English;
    public string? Topic { get; set; }
    public string? Question { get; set; }

    [DataType(DataType.MultilineText)]
    public string? Answer { get; set; }

    public int? Order { get; set; }
    public bool Published { get; set; }

    public FaqEntryRequest ToRequest() => new(Language, Topic, Question, Answer, Order, Published);

    public static readonly IReadOnlyList<string> FieldOrder =
        ["Input.Language", "Input.Topic", "Input.Question", "Input.Answer", "Input.Order", "Input.Published"];
}
