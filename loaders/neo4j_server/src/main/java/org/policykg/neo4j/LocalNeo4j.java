/*
 * Local Neo4j 5.26 LTS server for policykg: embedded Neo4j with a Bolt connector.
 *
 * Usage:
 *   java -Xmx512m -jar target/policykg-neo4j-local.jar [--port 7687] [--data-dir .neo4j-local]
 *        [--password SECRET] [--page-cache 64m]
 *
 * The password comes from --password, else the environment variable NEO4J_PASSWORD,
 * else "policykg-local". Bolt listens on 127.0.0.1 only; there is no HTTP connector.
 * Data and Neo4j's own logs live under the data directory (its data/ and logs/).
 * Prints exactly one line "READY bolt://127.0.0.1:<port>" on stdout once Bolt accepts
 * connections and the password is in force; SIGTERM shuts the DBMS down cleanly.
 */
package org.policykg.neo4j;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/** Starts an embedded Neo4j DBMS with Bolt on loopback and auth enabled; see file header. */
public final class LocalNeo4j {

    static final String HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 7687;
    static final String DEFAULT_DATA_DIR = ".neo4j-local";
    static final String DEFAULT_PASSWORD = "policykg-local";
    static final String USER = "neo4j";
    static final long DEFAULT_PAGE_CACHE_MIB = 64;

    private LocalNeo4j() {}

    /** Command-line options after defaults and the environment are applied. */
    record Options(int port, Path dataDir, String password, long pageCacheMiB) {

        static Options parse(String[] args) {
            int port = DEFAULT_PORT;
            Path dataDir = Path.of(DEFAULT_DATA_DIR);
            String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
            long pageCacheMiB = DEFAULT_PAGE_CACHE_MIB;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("-h") || name.equals("--help")) {
                    throw new IllegalArgumentException("");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--password" -> password = value;
                    case "--page-cache" -> pageCacheMiB = Long.parseLong(value.replaceAll("(?i)m$", ""));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (password.isEmpty()) {
                password = DEFAULT_PASSWORD;
            }
            if (password.length() < 8) {
                throw new IllegalArgumentException("Neo4j 5 needs a password of at least 8 characters");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return new Options(port, dataDir.toAbsolutePath().normalize(), password, pageCacheMiB);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println("usage: java -jar policykg-neo4j-local.jar [--port 7687] [--data-dir .neo4j-local]"
                    + " [--password SECRET (or env NEO4J_PASSWORD)] [--page-cache 64m]");
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        // Keep stdout for the READY line alone: anything a library prints there goes to stderr.
        PrintStream ready = System.out;
        System.setOut(System.err);

        CountDownLatch stopped = new CountDownLatch(1);
        try {
            Files.createDirectories(options.dataDir());
            DatabaseManagementService dbms = start(options);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    dbms.shutdown();
                } finally {
                    stopped.countDown();
                }
            }, "policykg-neo4j-shutdown"));
            setPassword(dbms, options.password());
            waitForBolt(options.port(), 30_000);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // runs the shutdown hook; Neo4j's own threads would keep the JVM alive
        }
        ready.println("READY bolt://" + HOST + ":" + options.port());
        ready.flush();
        stopped.await();
    }

    /**
     * Builds the DBMS: Bolt on loopback, no HTTP(S), auth on, no usage reports sent out, small page cache,
     * no preallocated tx logs, and Bolt's network threads stopped without Netty's default quiet periods
     * (which add ~10 s to SIGTERM).
     */
    static DatabaseManagementService start(Options options) {
        return new DatabaseManagementServiceBuilder(options.dataDir())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, options.port()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, options.port()))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(options.pageCacheMiB()))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(3))
                .build();
    }

    /**
     * Makes the password of user neo4j the given one, with no change required at login.
     * Runs on the system database, where embedded transactions have full rights; Neo4j refuses
     * an unchanged password, which here means it is already in force.
     */
    static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
            System.err.println("password of user " + USER + " set");
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
            if (!message.contains("cannot be the same")) {
                throw e;
            }
            System.err.println("password of user " + USER + " unchanged");
        }
    }

    /** Waits until a TCP connection to the Bolt port succeeds. */
    static void waitForBolt(int port, long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("Bolt did not accept connections on " + HOST + ":" + port, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
