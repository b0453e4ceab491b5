using System.CommandLine;

namespace AiObsStream.Cli.Tests.Commands;

/// <summary>A CLI command parsed and invoked in process, with its output and error output captured.</summary>
internal static class CommandInvocation
{
    /// <summary>Invokes <paramref name="command"/> with <paramref name="args"/> (its own arguments, without its name).</summary>
    public static (int Code, string Out, string Err) Invoke(Command command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Invokes <paramref name="command"/> as a subcommand of a root: <paramref name="args"/> start with its name.</summary>
    public static (int Code, string Out, string Err) InvokeUnderRoot(Command command, params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(command);
        return Invoke(root, args);
    }
}
