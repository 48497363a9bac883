namespace CareSlot.Web.Features.Admin;

/// <summary>The words of the administrators' pages; AdminText.resx holds them, a file per language beside it.</summary>
public sealed class AdminText;
