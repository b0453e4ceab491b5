namespace AiObsStream.Cli.Configuration;

/// <summary>Marks a setting whose JSON <c>null</c> is meaningful (it clears the value, e.g. a rule threshold), not a type error.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class NullClearsAttribute : Attribute
{
}
