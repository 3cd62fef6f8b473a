package desk.testserver;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;

/**
 * In-memory MongoDB wire-protocol server for the test suite.
 *
 * <p>Usage: {@code java -cp 'target/classes:target/lib/*' desk.testserver.Main <port>} (0 = any free port).
 * Prints exactly one line {@code LISTENING <port>} on stdout once bound; stops on SIGTERM or when
 * stdin closes, so it never outlives the process that started it.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    // Keep the library quiet (slf4j-simple logs to stderr); must be set before any logger exists.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;

    MongoServer server = new MongoServer(new DeskMemoryBackend().version(new Mongo44()));
    server.bind("127.0.0.1", port);
    // SIGTERM / SIGINT / System.exit all run shutdown hooks.
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-shutdown"));

    InetSocketAddress address = server.getLocalAddress();
    System.out.println("LISTENING " + address.getPort());
    System.out.flush();

    // Parent gone (stdin EOF or error): exit.
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // ignore input
      }
    } catch (IOException ignored) {
      // treat like EOF
    }
    System.exit(0);
  }
}
