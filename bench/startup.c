/*
 * startup: time from exec of needled to its first answered GET /health.
 *
 * usage: startup RUNS NEEDLED DBFILE [LOGFILE]
 *
 * For each run: take a free loopback port, note the time, fork and exec
 * "NEEDLED -d DBFILE -l 127.0.0.1:PORT", then poll in a tight loop
 * (connect, send GET /health, read the status line; on a refused
 * connection or a closed one, again at once) until the status is 200.
 * Then read VmHWM and VmRSS of the child, stop it with SIGTERM and wait
 * for it.  Prints one line per run:
 *
 *     run <i> ms <milliseconds> attempts <connects> hwm_kb <kB> rss_kb <kB>
 *
 * and exits 1 if needled exits or does not answer within 120 s.  needled's
 * stderr goes to LOGFILE (default /dev/null).
 *
 * Build: cc -O2 -o startup startup.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t          len = sizeof(sa);
	int                fd, port;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
		close(fd);
		return -1;
	}
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

/* One attempt: 200 → 1, anything else (refused, closed, other status) → 0. */
static int
try_health(int port)
{
	static const char req[] =
	    "GET /health HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
	struct sockaddr_in sa;
	char               buf[64];
	size_t             got = 0;
	ssize_t            n;
	int                fd, ok = 0;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		goto out;
	if (write(fd, req, sizeof(req) - 1) != (ssize_t)(sizeof(req) - 1))
		goto out;
	while (got < 12 && (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	ok = got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 &&
	    strncmp(buf + 9, "200", 3) == 0;
out:
	close(fd);
	return ok;
}

static long
status_kb(pid_t pid, const char *key)
{
	char   path[64], line[256];
	FILE  *f;
	long   v = -1;
	size_t klen = strlen(key);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

int
main(int argc, char **argv)
{
	const char *logfile = argc > 4 ? argv[4] : "/dev/null";
	int         runs, i;

	if (argc < 4 || (runs = atoi(argv[1])) < 1) {
		fprintf(
		    stderr, "usage: startup RUNS NEEDLED DBFILE [LOGFILE]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	for (i = 1; i <= runs; i++) {
		char   listen[64];
		double t0, ms;
		long   attempts = 0, hwm, rss;
		int    port, status, fd;
		pid_t  pid;

		if ((port = free_port()) == -1) {
			perror("startup: port");
			return 1;
		}
		snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
		t0 = now_ms();
		if ((pid = fork()) == -1) {
			perror("startup: fork");
			return 1;
		}
		if (pid == 0) {
			if ((fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND,
			         0644)) != -1) {
				dup2(fd, 2);
				close(fd);
			}
			execl(argv[2], argv[2], "-d", argv[3], "-l", listen,
			    (char *)NULL);
			_exit(127);
		}
		for (;;) {
			attempts++;
			if (try_health(port))
				break;
			if (waitpid(pid, &status, WNOHANG) == pid) {
				fprintf(stderr,
				    "startup: needled exited "
				    "(status %d) before answering\n",
				    status);
				return 1;
			}
			if (now_ms() - t0 > 120000) {
				fprintf(
				    stderr, "startup: no answer in 120 s\n");
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
				return 1;
			}
		}
		ms = now_ms() - t0;
		hwm = status_kb(pid, "VmHWM");
		rss = status_kb(pid, "VmRSS");
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		printf("run %d ms %.1f attempts %ld hwm_kb %ld rss_kb %ld\n", i,
		    ms, attempts, hwm, rss);
		fflush(stdout);
	}
	return 0;
}
