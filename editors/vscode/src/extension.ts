// Starts `teitools lsp` (stdio) for XML and ODD files; everything else is the server's.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const config = vscode.workspace.getConfiguration("teitools");
  const [command, ...args] = config.get<string[]>("command", ["teitools", "lsp"]);
  const log = config.get<string>("log", "");
  if (log) {
    args.push("--log", log);
  }
  return { command, args, transport: TransportKind.stdio };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "xml" },
      { scheme: "file", pattern: "**/*.odd" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{xml,rng,sch,odd}"),
    },
  };
  client = new LanguageClient("teitools", "TEI (teitools)", serverOptions(), clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("teitools.restart", async () => {
      if (client) {
        await client.stop();
      }
      await start(context);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
